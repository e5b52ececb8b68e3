import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../engine/connector';
import { createNodeConnector } from '../../engine/node-connector';
import { loadCanonical, type FixtureRow } from '../../../tests/unit/canonical-fixture';
import { NO_FILTERS, type Filters } from '../filters';
import { buildProblemPhrases } from './build';
import { loadLabelRows } from './load';
import { copiedTextsSql, phraseTextsSql, topPhrasesSql } from './queries';

const C_TEXT = '（一）绩效管理认识不够（二）队伍建设有待加强';
// F's text is C's after normalisation (numbering and separators differ): a copy.
const F_TEXT = '1、绩效管理认识不够；2、队伍建设有待加强。';
const A_TEXT = '一是绩效目标设置不够科学合理；二是预算执行率有待进一步提高。';

const row = (
  unit: string | null,
  year: number,
  problems: string | null,
  project = '专项经费',
): FixtureRow => ({
  unit,
  year,
  problems,
  project,
  region: '五华区',
  kind: '项目支出',
  grade: unit === 'D' ? '良' : '优',
});

const EVALUATIONS: FixtureRow[] = [
  row('A', 2021, A_TEXT, '项目一'),
  row('A', 2021, A_TEXT, '项目二'),
  row('A', 2022, A_TEXT),
  row('B', 2021, '1.部分项目绩效目标设置不够科学合理；2.队伍建设有待加强'),
  row('C', 2022, C_TEXT),
  row('D', 2022, '绩效管理认识不够，在填报项目支出时不够细化分解、量化。'),
  row('E', 2023, '预算执行率有待进一步提高；绩效管理认识不够'),
  row('F', 2023, F_TEXT),
  row('G', 2023, null),
  row('H', 2023, '  '),
];

let conn: Connector;
const rows = async (sql: string) => (await conn.query(sql)).toArray().map((r) => r.toJSON());

beforeAll(async () => {
  conn = await createNodeConnector();
  await loadCanonical(conn, { evaluations: EVALUATIONS });
});
afterAll(() => conn.close());

describe('buildProblemPhrases', () => {
  it('mines the distinct texts and writes the tables', async () => {
    const result = await buildProblemPhrases((sql) => conn.query(sql));
    // 6 distinct non-blank texts: A (its three rows share one), B, C, D, E, F; G is NULL, H blank.
    expect(result).toMatchObject({ texts: 6, phrases: 4 });
    // By hand over the whole data: 绩效管理认识不够 C, D, E, F; 队伍建设有待加强 B, C, F;
    // 绩效目标设置不够科学合理 A, B; 预算执行率有待进一步提高 A, E.
    expect(
      await rows(`SELECT phrase_id, phrase, units FROM problem_phrase_vocab ORDER BY phrase_id`),
    ).toEqual([
      { phrase_id: 0, phrase: '绩效管理认识不够', units: 4 },
      { phrase_id: 1, phrase: '队伍建设有待加强', units: 3 },
      { phrase_id: 2, phrase: '绩效目标设置不够科学合理', units: 2 },
      { phrase_id: 3, phrase: '预算执行率有待进一步提高', units: 2 },
    ]);
  });

  it('derives problem_phrases(unit, year, phrase) for the notebook', async () => {
    // A 2021 ×2, A 2022 ×2, B ×2, C ×2, D ×1, E ×2, F ×2 = 13 distinct (unit, year, phrase).
    expect(await rows(`SELECT count(*)::INTEGER AS n FROM problem_phrases`)).toEqual([{ n: 13 }]);
    expect(
      await rows(
        `SELECT unit, year FROM problem_phrases WHERE phrase = '预算执行率有待进一步提高' ORDER BY ALL`,
      ),
    ).toEqual([
      { unit: 'A', year: 2021 },
      { unit: 'A', year: 2022 },
      { unit: 'E', year: 2023 },
    ]);
  });

  it.each<[string, Partial<Filters>, { phrase: string; units: number; years: [number, number][] }[]]>([
    [
      'no filter: whole-data counts, per-year units',
      {},
      [
        {
          phrase: '绩效管理认识不够',
          units: 4,
          years: [
            [2022, 2],
            [2023, 2],
          ],
        },
        {
          phrase: '队伍建设有待加强',
          units: 3,
          years: [
            [2021, 1],
            [2022, 1],
            [2023, 1],
          ],
        },
        {
          phrase: '绩效目标设置不够科学合理',
          units: 2,
          years: [
            [2021, 2],
            [2022, 1],
          ],
        },
        {
          phrase: '预算执行率有待进一步提高',
          units: 2,
          years: [
            [2021, 1],
            [2022, 1],
            [2023, 1],
          ],
        },
      ],
    ],
    [
      // From 2022: B (2021 only) drops out of 队伍…; A keeps 绩效目标… and 预算… through 2022.
      'from 2022 on',
      { yearFrom: 2022 },
      [
        {
          phrase: '绩效管理认识不够',
          units: 4,
          years: [
            [2022, 2],
            [2023, 2],
          ],
        },
        {
          phrase: '队伍建设有待加强',
          units: 2,
          years: [
            [2022, 1],
            [2023, 1],
          ],
        },
        {
          phrase: '预算执行率有待进一步提高',
          units: 2,
          years: [
            [2022, 1],
            [2023, 1],
          ],
        },
        { phrase: '绩效目标设置不够科学合理', units: 1, years: [[2022, 1]] },
      ],
    ],
    [
      // A grade is per evaluation: this runs on the row table. D (良) drops out of 绩效管理认识不够.
      'grade 优 only',
      { grades: ['优'] },
      [
        {
          phrase: '绩效管理认识不够',
          units: 3,
          years: [
            [2022, 1],
            [2023, 2],
          ],
        },
        {
          phrase: '队伍建设有待加强',
          units: 3,
          years: [
            [2021, 1],
            [2022, 1],
            [2023, 1],
          ],
        },
        {
          phrase: '绩效目标设置不够科学合理',
          units: 2,
          years: [
            [2021, 2],
            [2022, 1],
          ],
        },
        {
          phrase: '预算执行率有待进一步提高',
          units: 2,
          years: [
            [2021, 1],
            [2022, 1],
            [2023, 1],
          ],
        },
      ],
    ],
    [
      'units A and E',
      { units: ['A', 'E'] },
      [
        {
          phrase: '预算执行率有待进一步提高',
          units: 2,
          years: [
            [2021, 1],
            [2022, 1],
            [2023, 1],
          ],
        },
        { phrase: '绩效管理认识不够', units: 1, years: [[2023, 1]] },
        {
          phrase: '绩效目标设置不够科学合理',
          units: 1,
          years: [
            [2021, 1],
            [2022, 1],
          ],
        },
      ],
    ],
  ])('top phrases, %s', async (_, patch, expected) => {
    const got = await rows(topPhrasesSql({ ...NO_FILTERS, ...patch }, 20));
    type Entry = { phrase: string; units: number; years: [number, number][] };
    const byPhrase = new Map<string, Entry>();
    for (const r of got) {
      const entry: Entry = byPhrase.get(r.phrase) ?? { phrase: r.phrase, units: r.units, years: [] };
      entry.years.push([r.year, r.year_units]);
      byPhrase.set(r.phrase, entry);
    }
    expect([...byPhrase.values()]).toEqual(expected);
  });

  it('reports copied texts: C and F wrote the same clauses', async () => {
    const got = await rows(copiedTextsSql(NO_FILTERS));
    expect(got.map((g) => ({ ...g, unit_sample: [...g.unit_sample], years: [...g.years] }))).toEqual([
      // min() of the two raw texts: '1、…' sorts before '（一）…'.
      {
        copy_id: expect.any(Number),
        units: 2,
        unit_sample: ['C', 'F'],
        years: [2022, 2023],
        variants: 2,
        text: F_TEXT,
      },
    ]);
    expect(await rows(copiedTextsSql({ ...NO_FILTERS, units: ['C'] }))).toEqual([]);
    // A filter computes the groups afresh (no filter reads the stored problem_copies): same answer.
    const fresh = await rows(copiedTextsSql({ ...NO_FILTERS, yearFrom: 2022 }));
    expect(fresh.map((g) => [g.units, [...g.unit_sample], [...g.years]])).toEqual([
      [2, ['C', 'F'], [2022, 2023]],
    ]);
  });

  it('lists the units and full texts behind a phrase', async () => {
    const got = await rows(phraseTextsSql(NO_FILTERS, '绩效目标设置不够科学合理'));
    // A: one text in 2021 on two rows (项目一, 项目二) and in 2022; B in 2021.
    expect(got.map((r) => [r.unit, r.year, r.rows])).toEqual([
      ['A', 2021, 2],
      ['A', 2022, 1],
      ['B', 2021, 1],
    ]);
    expect(got[0]!.problems).toBe(A_TEXT);
  });

  it('keeps the supervisor as an ENUM that sorts, compares and reads as its text', async () => {
    // First seen out of text order: an ENUM in that order would sort 乙局 first.
    await conn.query(`UPDATE evaluations SET supervisor = CASE unit WHEN 'A' THEN '乙局' WHEN 'B' THEN 'B局'
      WHEN 'C' THEN '甲局' WHEN 'D' THEN 'a局' END`);
    await buildProblemPhrases((sql) => conn.query(sql));
    expect(await rows(`SELECT DISTINCT typeof(supervisor) LIKE 'ENUM(%' AS e FROM problem_evals`)).toEqual([
      { e: true },
    ]);
    // Sorted by the column itself: the ENUM's order, which is the text's (byte order: B < a < 乙 < 甲).
    const order = (table: string) =>
      rows(`SELECT string_agg(CAST(s AS VARCHAR), ',' ORDER BY s) AS s
        FROM (SELECT DISTINCT supervisor AS s FROM ${table} WHERE supervisor IS NOT NULL)`);
    expect(await order('problem_evals')).toEqual([{ s: 'B局,a局,乙局,甲局' }]);
    expect(await order('evaluations')).toEqual([{ s: 'B局,a局,乙局,甲局' }]);
    // A value the type does not hold matches nothing, as text would.
    expect(
      await rows(`SELECT count(*)::INTEGER AS n FROM problem_evals WHERE supervisor IN ('甲局', '没有这个')`),
    ).toEqual(
      await rows(`SELECT count(*)::INTEGER AS n FROM evaluations WHERE supervisor IN ('甲局', '没有这个')`),
    );
  });

  it('holds every label of problem_unit_texts as a small number the label rows read', async () => {
    await buildProblemPhrases((sql) => conn.query(sql));
    const labels = await loadLabelRows((sql) => conn.query(sql));
    // Rows read back through the codes give the table's own labels, row for row.
    const decoded = [...labels.unitIds].map((u, r) =>
      [
        labels.unitNames[u],
        labels.years[r],
        ...(['supervisor', 'region', 'kind', 'grade'] as const).map(
          (c) => labels.labels[c].values[labels.labels[c].codes[r]!] ?? '',
        ),
      ].join('|'),
    );
    const table =
      await rows(`SELECT concat_ws('|', unit, coalesce(year, -1), ${['supervisor', 'region', 'kind', 'grade'].map((c) => `coalesce(CAST(${c} AS VARCHAR), '')`).join(', ')}) AS r
      FROM problem_unit_texts`);
    expect(decoded.sort()).toEqual(table.map((r) => String(r.r)).sort());
    expect(labels.labels.grade.values).toEqual(['优', '良']);
    // No grade at all: the column holds nothing to code, and every row's grade is NULL (−1).
    await conn.query(`UPDATE evaluations SET grade = NULL`);
    await buildProblemPhrases((sql) => conn.query(sql));
    const none = await loadLabelRows((sql) => conn.query(sql));
    expect(none.labels.grade.values).toEqual([]);
    expect([...none.labels.grade.codes].every((c) => c === -1)).toBe(true);
    expect(none.labels.kind.values.length).toBeGreaterThan(0);
    await loadCanonical(conn, { evaluations: EVALUATIONS });
  });

  it('rebuilds cleanly when the data changes', async () => {
    await loadCanonical(conn, { evaluations: EVALUATIONS.slice(0, 3) });
    const result = await buildProblemPhrases((sql) => conn.query(sql));
    // Only unit A is left: nothing is shared by two units.
    expect(result).toMatchObject({ texts: 1, phrases: 0, pairs: 0 });
    expect(await rows(`SELECT count(*)::INTEGER AS n FROM problem_phrases`)).toEqual([{ n: 0 }]);
  });
});
