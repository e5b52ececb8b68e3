import { NO_FILTERS, type Filters } from '../analysis/filters';

/** One removable chip per active filter, with the patch that removes it. */
export interface FilterChip {
  key: string;
  label: string;
  clear: Partial<Filters>;
}

type Tr = (zh: string, en: string) => string;

function listChips(
  f: Filters,
  field: 'regions' | 'supervisors' | 'kinds' | 'units' | 'grades',
  name: string,
): FilterChip[] {
  return f[field].map((v) => ({
    key: `${field}:${v}`,
    label: `${name}：${v}`,
    clear: { [field]: f[field].filter((x) => x !== v) },
  }));
}

export function filterChips(f: Filters, tr: Tr): FilterChip[] {
  const chips: FilterChip[] = [];
  if (f.yearFrom !== null || f.yearTo !== null) {
    const range = f.yearFrom === f.yearTo ? `${f.yearFrom}` : `${f.yearFrom ?? '…'}–${f.yearTo ?? '…'}`;
    chips.push({
      key: 'year',
      label: `${tr('年度', 'Year')}：${range}`,
      clear: { yearFrom: null, yearTo: null },
    });
  }
  chips.push(
    ...listChips(f, 'regions', tr('地区', 'Region')),
    ...listChips(f, 'supervisors', tr('主管部门', 'Supervisor')),
    ...listChips(f, 'kinds', tr('类型', 'Kind')),
    ...listChips(f, 'units', tr('单位', 'Unit')),
    ...listChips(f, 'grades', tr('等级', 'Grade')),
  );
  if (f.unitSearch.trim()) {
    chips.push({
      key: 'search',
      label: `${tr('单位包含', 'Unit contains')}：${f.unitSearch}`,
      clear: { unitSearch: '' },
    });
  }
  if (f.scoreMin !== null || f.scoreMax !== null) {
    chips.push({
      key: 'score',
      label: `${tr('得分', 'Score')}：[${f.scoreMin ?? '…'}, ${f.scoreMax ?? '…'})`,
      clear: { scoreMin: null, scoreMax: null },
    });
  }
  if (f.rateMin !== null || f.rateMax !== null) {
    chips.push({
      key: 'rate',
      label: `${tr('执行率', 'Execution')}：[${f.rateMin ?? '…'}%, ${f.rateMax ?? '…'}%)`,
      clear: { rateMin: null, rateMax: null },
    });
  }
  return chips;
}

export function isFiltered(f: Filters): boolean {
  return JSON.stringify(f) !== JSON.stringify(NO_FILTERS);
}

/**
 * The first entry of a "pick to add" list (region, supervisor, kind): the list goes back to it after
 * each pick, so with values chosen it says how many instead of 全部, which read as "no filter" next
 * to the chips that show one.
 */
export function pickPrompt(chosen: number, tr: Tr): string {
  return chosen ? tr(`已选 ${chosen} 个`, `${chosen} chosen`) : tr('全部', 'all');
}

/** An entry of such a list: a chosen value is ticked (picking it again changes nothing). */
export function pickOption(value: string, chosen: readonly string[]): string {
  return chosen.includes(value) ? `✓ ${value}` : value;
}
