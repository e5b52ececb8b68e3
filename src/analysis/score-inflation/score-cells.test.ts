/**
 * score-cells.ts against the SQL it stands in for: for many filter states, the histogram, bunching
 * and scatter cells derived from scoreCellsSql's cells equal what scoreHistogramSql, bunchingSql and
 * scatterCellsSql answer on DuckDB — every bin, count, ratio and tie.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../engine/connector';
import { createNodeConnector } from '../../engine/node-connector';
import { loadCanonical } from '../../../tests/unit/canonical-fixture';
import { NO_FILTERS, type Filters } from '../filters';
import { rowsOf } from '../arrow-rows';
import {
  bunchingSql,
  scatterCellsSql,
  scoreCellsSql,
  scoreHistogramSql,
  type Bunching,
  type ScatterCell,
  type ScoreBin,
  type ScoreCell,
} from './build-score-inflation-sql';
import { bunchingFromCells, histogramFromCells, scatterFromCells } from './score-cells';

let conn: Connector;
const rows = async <T>(sql: string) => rowsOf<T>(await conn.query(sql));

/**
 * 3,000 evaluations: scores 80–100 in hundredths (bunched at 90), one in 17 without a score and one
 * in 13 without a rate; rates −5 to 155 (so cells fall below 0 and above 150); grades as the score
 * says with one in 11 left blank, so 优 under 80 % (suspicious) and blank grades both occur.
 */
beforeAll(async () => {
  conn = await createNodeConnector();
  await loadCanonical(conn, {});
  await conn.query(`INSERT INTO evaluations (unit, supervisor, region, year, kind, project, score, grade,
    budget, spent, execution_rate, source_file, source_row)
SELECT '单位' || (i % 90), '主管' || (i % 7), '区' || (i % 5), 2019 + (i % 5),
  CASE WHEN i % 3 = 0 THEN '部门整体支出' ELSE '项目支出' END, '项目' || i,
  s, CASE WHEN i % 11 = 0 THEN NULL WHEN s >= 90 THEN '优' WHEN s >= 80 THEN '良' ELSE '中' END,
  10, 9, r, 'cells.csv', i + 2
FROM (SELECT i,
  CASE WHEN i % 17 = 0 THEN NULL WHEN i % 5 = 0 THEN CAST(90 + (hash(i) % 100) / 100.0 AS DECIMAL(9,2))
       ELSE CAST(80 + (hash(i) % 2000) / 100.0 AS DECIMAL(9,2)) END AS s,
  CASE WHEN i % 13 = 0 THEN NULL ELSE CAST(-5 + (hash(i * 7) % 16000) / 100.0 AS DECIMAL(9,2)) END AS r
  FROM range(3000) t(i))`);
});
afterAll(() => conn.close());

const STATES: [string, Partial<Filters>][] = [
  ['no filter', {}],
  ['a region', { regions: ['区1'] }],
  ['a kind', { kinds: ['部门整体支出'] }],
  ['a year', { yearFrom: 2021, yearTo: 2021 }],
  ['a supervisor and a kind', { supervisors: ['主管2'], kinds: ['项目支出'] }],
  ['a unit search', { unitSearch: '单位1' }],
  ['a score band', { scoreMin: 89, scoreMax: 91 }],
  ['a rate band', { rateMin: 60, rateMax: 80 }],
  ['a grade', { grades: ['优'] }],
  ['nothing kept', { units: ['没有这个单位'] }],
];

describe('the score cells', () => {
  it.each(STATES)('answer as the three queries do: %s', async (_, state) => {
    const f: Filters = { ...NO_FILTERS, ...state };
    const cells = await rows<ScoreCell>(scoreCellsSql(f));
    expect(histogramFromCells(cells)).toEqual(await rows<ScoreBin>(scoreHistogramSql(f)));
    expect(bunchingFromCells(cells)).toEqual((await rows<Bunching>(bunchingSql(f)))[0]);
    expect(scatterFromCells(cells)).toEqual(await rows<ScatterCell>(scatterCellsSql(f)));
    expect(scatterFromCells(cells, 25)).toEqual(await rows<ScatterCell>(scatterCellsSql(f, 25)));
  });

  it('compare states with bunching, suspicious rows, missing values and ties (not a trivial match)', async () => {
    const cells = await rows<ScoreCell>(scoreCellsSql(NO_FILTERS));
    expect(cells.some((c) => c.suspicious)).toBe(true);
    expect(cells.some((c) => c.score === null)).toBe(true);
    expect(cells.some((c) => c.rate === null)).toBe(true);
    expect(cells.some((c) => c.rate !== null && c.rate < 0)).toBe(true);
    const b = bunchingFromCells(cells);
    expect(b.ratio_below).toBeGreaterThan(2);
    expect(b.evaluations).toBe(3000);
    expect(b.scored).toBeLessThan(3000);
    const shown = scatterFromCells(cells, 25);
    // The cap cuts inside a run of equal counts, so the tie order (score, then rate) is compared too.
    expect(shown.at(-1)?.n).toBe(scatterFromCells(cells, 26).at(-1)?.n);
  });
});

describe('score-cells.ts on hand-made cells', () => {
  const cells: ScoreCell[] = [
    { score: 90, rate: 70, suspicious: true, n: 2 }, // 优 under 80 %: counted, not drawn
    { score: 90, rate: 95, suspicious: false, n: 4 },
    { score: 89, rate: 95, suspicious: false, n: 2 },
    { score: 87, rate: null, suspicious: false, n: 3 }, // no rate: histogram only
    { score: 92, rate: 100, suspicious: false, n: 4 },
    { score: null, rate: 100, suspicious: false, n: 5 }, // no score: counted as an evaluation only
  ];

  it('sums the bins over rates and suspicion', () => {
    expect(histogramFromCells(cells)).toEqual([
      { bin: 87, n: 3 },
      { bin: 89, n: 2 },
      { bin: 90, n: 6 },
      { bin: 92, n: 4 },
    ]);
  });

  it('measures bunching from the bins', () => {
    // at 6, below 2 → 3; neighbourhood 3 (87) + 4 (92) = 7, mean 7/6 → 6 / (7/6) = 36/7.
    const b = bunchingFromCells(cells);
    expect(b).toMatchObject({
      evaluations: 20,
      scored: 15,
      at_threshold: 6,
      just_below: 2,
      neighbourhood: 7,
      ratio_below: 3,
    });
    expect(b.ratio_neighbourhood).toBeCloseTo(36 / 7, 12);
    expect(bunchingFromCells([])).toMatchObject({
      evaluations: 0,
      ratio_below: null,
      ratio_neighbourhood: null,
    });
  });

  it('draws the drawable cells, most populated first, ties by score then rate', () => {
    expect(scatterFromCells(cells)).toEqual([
      { score: 90, rate: 95, n: 4 },
      { score: 92, rate: 100, n: 4 },
      { score: 89, rate: 95, n: 2 },
    ]);
    expect(scatterFromCells(cells, 1)).toHaveLength(1);
  });
});
