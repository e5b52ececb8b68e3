/**
 * counts.ts against the SQL it stands in for: for many filter states, the phrase panel counted in
 * TypeScript from the build's index equals what topPhrasesSql and copiedTextsSql answer on DuckDB,
 * to the last count, year and tie.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../engine/connector';
import { createNodeConnector } from '../../engine/node-connector';
import { loadCanonical } from '../../../tests/unit/canonical-fixture';
import { NO_FILTERS, type Filters } from '../filters';
import { buildProblemPhrases, type BuildResult } from './build';
import { byUnit, countPhrasePanel, NO_YEAR, type PhraseIndex, type StateTexts } from './counts';
import { labelFilters, pickRows, type LabelRows } from './label-rows';
import {
  knowPhrases,
  knowUnits,
  loadLabelRows,
  loadPhrasePanel,
  nameCache,
  type CountLabels,
  type PhrasePanel,
} from './load';
import { COPY_UNIT_SAMPLE, stateTextsSql } from './queries';

let conn: Connector;
let built: BuildResult;
let labels: LabelRows;
const count = (rows: StateTexts, limit: number, sample: number) =>
  countPhrasePanel(built.index, rows, limit, sample);
const sent: string[] = [];
const query = (sql: string) => {
  sent.push(sql);
  return conn.query(sql);
};

/**
 * 1,500 evaluations of 40 units over 5 years (one in 23 without a year), two kinds, 6 regions and
 * supervisors; nine texts built from shared clauses, so phrases recur across units and copied
 * groups form (a numbering variant makes a second text of one group), and some units use one text
 * in several rows and years.
 */
async function loadData() {
  await loadCanonical(conn, {});
  await conn.query(`INSERT INTO evaluations (unit, supervisor, region, year, kind, project, score, grade,
    budget, spent, execution_rate, problems, source_file, source_row)
SELECT '单位' || lpad(CAST(u AS VARCHAR), 2, '0'), '主管' || (u % 6), '区' || (u % 6),
  CASE WHEN i % 23 = 0 THEN NULL ELSE 2019 + (i % 5) END,
  CASE WHEN i % 4 = 0 THEN '部门整体支出' ELSE '项目支出' END, '项目' || i,
  CAST(60 + (hash(i) % 4000) / 100.0 AS DECIMAL(9,2)), '良', 10, 9, CAST(50 + hash(i * 3) % 60 AS DECIMAL(9,2)),
  ['一是绩效目标设置不够明确，部分指标无法量化；二是预算执行进度偏慢。',
   '1.绩效目标设置不够明确，部分指标无法量化；2.预算执行进度偏慢。',
   '预算执行进度偏慢，资金使用效率不高，绩效跟踪监控不到位。',
   '部分项目前期论证不充分，预算执行进度偏慢，资金使用效率不高。',
   '资金拨付不及时，绩效跟踪监控不到位。',
   '绩效跟踪监控不到位，档案资料管理不规范。',
   '部分指标无法量化，资金使用效率不高，档案资料管理不规范。',
   '项目前期论证不充分，资金拨付不及时。',
   ''][(u * 7 + i // 40) % 9 + 1],
  'fixture.csv', i + 2
FROM (SELECT i, (hash(i * 11) % 40)::INTEGER AS u FROM range(1500) t(i))`);
  built = await buildProblemPhrases(query);
  labels = await loadLabelRows(query);
}

beforeAll(async () => {
  conn = await createNodeConnector();
  await loadData();
});
afterAll(() => conn.close());

const STATES: [string, Partial<Filters>][] = [
  ['a region', { regions: ['区1'] }],
  ['two regions', { regions: ['区1', '区4'] }],
  ['a kind', { kinds: ['项目支出'] }],
  ['the other kind', { kinds: ['部门整体支出'] }],
  ['a year', { yearFrom: 2021, yearTo: 2021 }],
  ['years from 2020', { yearFrom: 2020 }],
  ['years to 2021 (a missing year is not kept)', { yearTo: 2021 }],
  ['units by name and a search', { units: ['单位03', '单位17', '单位13'], unitSearch: '1' }],
  ['a grade and a region', { grades: ['良'], regions: ['区3'] }],
  ['a supervisor and a kind', { supervisors: ['主管2'], kinds: ['项目支出'] }],
  ['a unit search', { unitSearch: '单位1' }],
  ['units by name', { units: ['单位03', '单位17', '单位33'] }],
  ['a score band (every row)', { scoreMin: 70, scoreMax: 90 }],
  ['a rate band and a region', { rateMin: 60, rateMax: 100, regions: ['区2'] }],
  ['a grade', { grades: ['良'] }],
  ['nothing kept', { units: ['没有这个单位'] }],
  ['a kind no row has', { kinds: ['没有这个类型'] }],
];

/** The states whose rows the label rows can give (no score or rate band). */
const LABEL_STATES = STATES.filter(([, s]) => labelFilters({ ...NO_FILTERS, ...s }) !== null);

describe('the phrase panel counted in TypeScript', () => {
  it('has phrases, copied groups, a missing year and large groups to compare', async () => {
    expect(built.phrases).toBeGreaterThan(5);
    const panel = await loadPhrasePanel(query, NO_FILTERS, null);
    expect(panel.top.phrases.length).toBeGreaterThan(5);
    expect(panel.top.phrases.some((p) => p.years.some((y) => y.year === null))).toBe(true);
    expect(panel.copies.groups.some((g) => g.variants > 1)).toBe(true);
    expect(panel.copies.groups.some((g) => g.units > COPY_UNIT_SAMPLE)).toBe(true);
  });

  it.each(STATES)('answers as the SQL does: %s', async (_, state) => {
    const f: Filters = { ...NO_FILTERS, ...state };
    const bySql: PhrasePanel = await loadPhrasePanel(query, f, null);
    sent.length = 0;
    const counted = await loadPhrasePanel(query, f, count);
    // The counting ran: no phrase aggregate reached the engine, only the rows and the names.
    expect(sent.some((s) => s.includes('unnest(phrase_ids)'))).toBe(false);
    expect(sent.some((s) => s.includes('FROM problem_unit_texts') || s.includes('FROM problem_evals'))).toBe(
      true,
    );
    expect(counted).toEqual(bySql);
  });

  it.each(STATES)('answers as the SQL does from the label rows: %s', async (_, state) => {
    const f: Filters = { ...NO_FILTERS, ...state };
    const bySql: PhrasePanel = await loadPhrasePanel(query, f, null);
    const countLabels: CountLabels = (lf, limit, sample) =>
      Promise.resolve(countPhrasePanel(built.index, pickRows(labels, lf), limit, sample));
    sent.length = 0;
    const counted = await loadPhrasePanel(query, f, count, 20, countLabels);
    expect(counted).toEqual(bySql);
    // Label filters only: the engine was not asked for the state's rows (a score or rate band still asks).
    const asked = sent.some((s) => s.includes('FROM problem_unit_texts') || s.includes('FROM problem_evals'));
    expect(asked).toBe(labelFilters(f) === null);
  });

  it.each(LABEL_STATES)('picks the rows the engine returns from the label rows: %s', async (_, state) => {
    const f: Filters = { ...NO_FILTERS, ...state };
    const lf = labelFilters(f)!;
    const key = (r: StateTexts) => [...r.unitIds].map((u, i) => `${u}:${r.years[i]}:${r.textIds[i]}`).sort();
    const t = await conn.query(stateTextsSql(f));
    const col = (n: string) => Int32Array.from(t.getChild(n)!.toArray() as ArrayLike<number>);
    const fromSql = { unitIds: col('unit_id'), years: col('year'), textIds: col('text_id') };
    expect(key(pickRows(labels, lf))).toEqual(key(fromSql));
  });

  it('keeps the names of a build across states: the same answers, and only new ids looked up', async () => {
    const names = nameCache();
    const lookups = () => sent.filter((s) => s.includes('FROM problem_phrase_vocab WHERE phrase_id IN'));
    for (const [name, state] of STATES) {
      const f: Filters = { ...NO_FILTERS, ...state };
      const bySql = await loadPhrasePanel(query, f, null);
      sent.length = 0;
      expect(await loadPhrasePanel(query, f, count, 20, null, names), name).toEqual(bySql);
    }
    expect(names.phrases.size).toBeGreaterThan(5);
    // Every state seen: a repeat asks the engine for its rows, never for a name.
    for (const [name, state] of STATES) {
      sent.length = 0;
      await loadPhrasePanel(query, { ...NO_FILTERS, ...state }, count, 20, null, names);
      expect(lookups(), name).toEqual([]);
      expect(
        sent.some((s) => / IN \(/.test(s) && /FROM problem_(units|texts) WHERE/.test(s)),
        name,
      ).toBe(false);
    }
  });

  it('names the units from the label rows and the phrases from the vocabulary: the same answers, no lookup of either', async () => {
    const names = nameCache();
    knowUnits(names, labels.unitNames);
    await knowPhrases(query, names);
    let grouped = 0;
    for (const [name, state] of STATES) {
      const f: Filters = { ...NO_FILTERS, ...state };
      const bySql = await loadPhrasePanel(query, f, null);
      grouped += bySql.copies.groups.length;
      sent.length = 0;
      expect(await loadPhrasePanel(query, f, count, 20, null, names), name).toEqual(bySql);
      expect(
        sent.some((s) => s.includes('FROM problem_units WHERE unit_id IN')),
        name,
      ).toBe(false);
      expect(
        sent.some((s) => s.includes('FROM problem_phrase_vocab WHERE phrase_id IN')),
        name,
      ).toBe(false);
    }
    // Some state shows copied-text groups, whose units are named.
    expect(grouped).toBeGreaterThan(0);
  });

  it('compares states that keep something (the comparison above is not all empty)', async () => {
    expect(LABEL_STATES.length).toBe(STATES.length - 2);
    for (const [name, state] of STATES.slice(0, -2)) {
      const panel = await loadPhrasePanel(query, { ...NO_FILTERS, ...state }, count);
      expect(panel.top.phrases.length, name).toBeGreaterThan(0);
    }
  });
});

describe('counts.ts on hand-made rows', () => {
  // Texts 0–2: 0 has phrases 0 and 1, 1 has phrase 1, 2 has none; copy groups: 0 and 1 in group 5, 2 none.
  const index: PhraseIndex = {
    textOffsets: Int32Array.from([0, 2, 3, 3]),
    textPhrases: Int32Array.from([0, 1, 1]),
    textCopy: Int32Array.from([5, 5, -1]),
    phraseCount: 2,
  };
  // Unit 3 uses text 0 twice in 2020 and text 1 in a year not known; unit 1 text 1 in 2021; unit 2 text 2.
  const rows = {
    unitIds: Int32Array.from([3, 1, 3, 2, 3]),
    years: Int32Array.from([2020, 2021, 2020, 2022, NO_YEAR]),
    textIds: Int32Array.from([0, 1, 0, 2, 1]),
  };

  it('puts rows in unit order', () => {
    expect([...byUnit(rows)].map((r) => rows.unitIds[r])).toEqual([1, 2, 3, 3, 3]);
  });

  it('counts each unit once per phrase and per year, a missing year last', () => {
    expect(countPhrasePanel(index, rows, 20, 8).phrases).toEqual([
      // Phrase 1: unit 3 (text 0 in 2020, text 1 in an unknown year) and unit 1 (2021); phrase 0:
      // unit 3's text 0, twice in 2020 → once.
      {
        phraseId: 1,
        units: 2,
        years: [
          { year: 2020, units: 1 },
          { year: 2021, units: 1 },
          { year: null, units: 1 },
        ],
      },
      { phraseId: 0, units: 1, years: [{ year: 2020, units: 1 }] },
    ]);
    expect(countPhrasePanel(index, rows, 1, 8).phrases.map((p) => p.phraseId)).toEqual([1]);
  });

  it('keeps copy groups of two units or more, with their texts, first units and known years', () => {
    expect(countPhrasePanel(index, rows, 20, 8).copies).toEqual([
      { copyId: 5, units: 2, variants: 2, firstText: 0, sampleIds: [1, 3], years: [2020, 2021] },
    ]);
    expect(countPhrasePanel(index, rows, 20, 1).copies[0]!.sampleIds).toEqual([1]);
    // Unit 3 alone: one unit is no copy.
    const one = {
      unitIds: Int32Array.from([3, 3]),
      years: Int32Array.from([2020, 2021]),
      textIds: Int32Array.from([0, 1]),
    };
    expect(countPhrasePanel(index, one, 20, 8).copies).toEqual([]);
  });
});
