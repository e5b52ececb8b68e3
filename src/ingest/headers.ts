/**
 * Header recognition: which canonical column each header of a file feeds. Matching ignores spaces,
 * case and bracketed unit suffixes (`全年预算数（万元）` is `全年预算数`); the bracket still tells the
 * money unit (元 vs 万元). 得分 is the score in an evaluations file but the points in an indicators
 * file, so the file's kind is decided first.
 */
import type { CanonicalTable } from './schema';

type Synonyms = Record<string, readonly string[]>;

const UNIT = [
  '单位名称',
  '部门名称',
  '预算单位',
  '实施单位',
  '项目实施单位',
  '单位',
  '评价对象',
  '预算单位名称',
  'unit',
  'unit_name',
  'dept',
  'department',
  'agency',
];
const YEAR = ['年度', '年份', '评价年度', '预算年度', 'year'];
const PROJECT = ['项目名称', '项目', 'project', 'project_name'];

export const EVALUATION_SYNONYMS: Synonyms = {
  unit: UNIT,
  supervisor: [
    '主管部门',
    '主管单位',
    '主管部门名称',
    'supervisor',
    'supervising_department',
    'parent_department',
  ],
  region: ['地区', '区县', '所属地区', '行政区划', '区域', 'region', 'district', 'area'],
  year: YEAR,
  kind: ['评价类型', '类型', '项目类型', '支出类型', 'kind', 'type'],
  project: PROJECT,
  score: ['自评得分', '自评分', '得分', '评价得分', '总分', '自评总分', 'score', 'self_score'],
  grade: ['评价等级', '等级', '评价结果', '自评等级', '评价等次', '自评结果', 'grade', 'rating'],
  review_score: ['复核得分', '再评价得分', '财政评价得分', '复核分', 'review_score', 'review'],
  budget_initial: ['年初预算数', '年初预算', '年初预算金额', 'budget_initial', 'initial_budget'],
  budget: ['全年预算数', '调整后预算数', '全年调整预算数', '预算数', '全年预算', 'budget', 'adjusted_budget'],
  spent: [
    '全年执行数',
    '实际支出',
    '实际支出数',
    '执行数',
    '预算执行数',
    '全年实际支出',
    'spent',
    'expenditure',
    'actual_spent',
  ],
  execution_rate: ['执行率', '预算执行率', '资金执行率', 'execution_rate', 'rate'],
  problems: ['存在的问题', '存在问题', '主要问题', '问题', 'problems', 'issues'],
  suggestions: ['改进措施', '建议', '改进建议', '整改措施', '有关建议', 'suggestions', 'improvements'],
};

export const INDICATOR_SYNONYMS: Synonyms = {
  unit: UNIT,
  year: YEAR,
  project: PROJECT,
  level1: ['一级指标', 'level1', 'level_1'],
  level2: ['二级指标', 'level2', 'level_2'],
  level3: ['三级指标', '指标名称', 'level3', 'level_3', 'indicator'],
  weight: ['分值', '权重', '指标权重', '指标分值', 'weight'],
  points: ['得分', '指标得分', '实际得分', '评价得分', '自评得分', 'points'],
  target: ['年度指标值', '指标值', '目标值', '预期目标值', 'target'],
  actual: ['实际完成值', '完成值', '全年实际值', '实际值', 'actual'],
  deviation_reason: ['偏差原因分析及改进措施', '偏差原因', '未完成原因', '偏差原因分析', 'deviation_reason'],
};

/** Columns whose values are money; converted from 元 to 万元 when the header says 元. */
export const MONEY_COLUMNS = new Set(['budget_initial', 'budget', 'spent']);

const BRACKETS = /[(（[【〔<《]([^)）\]】〕>》]*)[)）\]】〕>》]/g;

/** Header text reduced for matching: NFKC, no bracketed parts, no spaces, lower case, `-`/space → `_`. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/^\uFEFF/, '')
    .replace(BRACKETS, '')
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_')
    .replace(/_(yuan|wan_yuan|wanyuan|10k_yuan)$/, '')
    .replace(/^_+|_+$/g, '')
    .replace(/(?<=\p{Script=Han})_|_(?=\p{Script=Han})/gu, '');
}

/** True when the header says the amounts are in 元 (not 万元): `全年预算数（元）`, `budget (yuan)`, `spent_yuan`. */
export function headerSaysYuan(header: string): boolean {
  const h = header.normalize('NFKC').toLowerCase();
  const inBrackets = [...h.matchAll(BRACKETS)].map((m) => (m[1] ?? '').replace(/\s|单位[:：]?/g, ''));
  if (inBrackets.some((b) => b === '元' || b === 'yuan' || b === 'rmb元' || b === '人民币元')) return true;
  if (inBrackets.some((b) => b.includes('万元') || b.includes('wan'))) return false;
  return /(^|[\s_-])yuan$/.test(h.trim()) || (/元$/.test(h.trim()) && !/万元$/.test(h.trim()));
}

function lookup(synonyms: Synonyms): Map<string, string> {
  const map = new Map<string, string>();
  for (const [column, names] of Object.entries(synonyms))
    for (const name of names) if (!map.has(normalizeHeader(name))) map.set(normalizeHeader(name), column);
  return map;
}

const EVALUATION_LOOKUP = lookup(EVALUATION_SYNONYMS);
const INDICATOR_LOOKUP = lookup(INDICATOR_SYNONYMS);

/** How many cells of a row are known header names (used to find the header row). */
export function headerScore(cells: readonly string[]): number {
  return cells.filter((c) => {
    const n = normalizeHeader(c);
    return n !== '' && (EVALUATION_LOOKUP.has(n) || INDICATOR_LOOKUP.has(n));
  }).length;
}

export interface HeaderMapping {
  header: string;
  column: string | null;
  /** Money given in 元 in this column: divided by 10,000 on load. */
  yuan: boolean;
  /** Why the header feeds no column (or how it was chosen), for the report. */
  note: { zh: string; en: string } | null;
}

export interface MappingResult {
  kind: CanonicalTable | null;
  /** Why the file was not recognised (kind null). */
  reason: { zh: string; en: string } | null;
  headers: HeaderMapping[];
}

const INDICATOR_ONLY = new Set([
  'level1',
  'level2',
  'level3',
  'weight',
  'points',
  'target',
  'actual',
  'deviation_reason',
]);
const EVALUATION_MEASURES = [
  'score',
  'grade',
  'review_score',
  'budget_initial',
  'budget',
  'spent',
  'execution_rate',
];

export function columnsOf(kind: CanonicalTable): string[] {
  return Object.keys(kind === 'evaluations' ? EVALUATION_SYNONYMS : INDICATOR_SYNONYMS);
}

/** The file's kind from its header names alone. */
function kindFromHeaders(headers: readonly string[]): CanonicalTable | null {
  const ind = new Set(headers.map((h) => INDICATOR_LOOKUP.get(normalizeHeader(h))));
  if (
    ind.has('level1') ||
    ind.has('level2') ||
    (ind.has('weight') && (ind.has('points') || ind.has('level3')))
  )
    return 'indicators';
  const ev = new Set(headers.map((h) => EVALUATION_LOOKUP.get(normalizeHeader(h))));
  const labelled = ev.has('unit') || ev.has('project');
  if (labelled && EVALUATION_MEASURES.some((c) => ev.has(c))) return 'evaluations';
  return null;
}

/**
 * Maps a file's headers (raw-table column names) onto a canonical table. `override` (header →
 * column or null) comes from a person correcting the mapping in the quality panel.
 */
export function mapHeaders(
  headers: readonly string[],
  override?: Record<string, string | null>,
  /** The header cells as written (headers may carry _2 suffixes added to make them unique). */
  cells: readonly string[] = headers,
): MappingResult {
  const overridden = (h: string) => override !== undefined && Object.hasOwn(override, h);
  let kind = kindFromHeaders(cells);
  if (override) {
    const chosen = Object.values(override).filter((c): c is string => !!c);
    if (chosen.some((c) => INDICATOR_ONLY.has(c))) kind = 'indicators';
    else if (chosen.length) kind = kind ?? 'evaluations';
  }
  if (!kind) {
    return {
      kind: null,
      reason: {
        zh: '表头中没有可识别的自评列：评价表需要“单位名称/项目名称”加上“自评得分/评价等级/预算数/执行数/执行率”之一；指标表需要“一级指标”或“分值”。已作为普通表导入。',
        en: 'No self-evaluation columns recognised: an evaluations file needs a unit or project column plus one of score, grade, budget, spent or execution rate; an indicators file needs 一级指标 or 分值. Loaded as a plain table only.',
      },
      headers: headers.map((header) => ({
        header,
        column: null,
        yuan: false,
        note: { zh: '未识别', en: 'not recognised' },
      })),
    };
  }
  const known = new Set(columnsOf(kind));
  const table = kind === 'evaluations' ? EVALUATION_LOOKUP : INDICATOR_LOOKUP;
  const proposed = headers.map((header, i) => {
    if (overridden(header)) {
      const c = override![header] ?? null;
      return { header, column: c && known.has(c) ? c : null, manual: true };
    }
    return { header, column: table.get(normalizeHeader(cells[i] ?? header)) ?? null, manual: false };
  });
  // One header per column: manual choices win, then the first header — except the weight, where
  // tables like 一级指标,分值,二级指标,分值,三级指标,分值,得分 mean the last 分值 (beside the points).
  const owner = new Map<string, number>();
  proposed.forEach((p, i) => {
    if (!p.column) return;
    const prev = owner.get(p.column);
    if (prev === undefined) owner.set(p.column, i);
    else if (p.manual && !proposed[prev]!.manual) owner.set(p.column, i);
    else if (p.column === 'weight' && p.manual === proposed[prev]!.manual) owner.set(p.column, i);
  });
  return {
    kind,
    reason: null,
    headers: proposed.map((p, i) => {
      const won = p.column !== null && owner.get(p.column) === i;
      const other = p.column !== null && !won ? headers[owner.get(p.column)!] : null;
      return {
        header: p.header,
        column: won ? p.column : null,
        yuan: won && MONEY_COLUMNS.has(p.column!) && headerSaysYuan(cells[i] ?? p.header),
        note: won
          ? null
          : other
            ? { zh: `与“${other}”重复，已忽略`, en: `duplicate of “${other}”, ignored` }
            : p.manual
              ? { zh: '设为不导入', en: 'set to not import' }
              : { zh: '未识别的表头', en: 'unknown header' },
      };
    }),
  };
}
