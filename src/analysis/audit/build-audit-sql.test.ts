import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../engine/connector';
import { createNodeConnector } from '../../engine/node-connector';
import { loadCanonical } from '../../../tests/unit/canonical-fixture';
import { NO_FILTERS, type Filters } from '../filters';
import { auditFlagsSql } from './build-audit-sql';
import { readAuditFlags, type AuditFlag } from './flags';
import {
  DEFAULT_AUDIT_SORT,
  auditDrillSql,
  auditListSql,
  auditSummarySql,
  type AuditSort,
} from './audit-queries';
import { OPTIONAL_TABLES_SQL, readOptionalTables } from './optional-tables';
import { loadPhraseTables } from '../../../tests/unit/phrase-tables';
import type { AuditRuleCode } from './rules';
import { AUDIT_EVALUATIONS, AUDIT_INDICATORS, SEED_UNIT, totalsInsertSql } from './audit-fixture';

let conn: Connector;

beforeAll(async () => {
  conn = await createNodeConnector();
  await loadCanonical(conn, { evaluations: AUDIT_EVALUATIONS, indicators: AUDIT_INDICATORS });
  await conn.query(totalsInsertSql());
});
afterAll(() => conn.close());

async function flags(filters: Partial<Filters> = {}, totals = true): Promise<AuditFlag[]> {
  return readAuditFlags(await conn.query(auditFlagsSql({ ...NO_FILTERS, ...filters }, { totals })));
}

const key = (f: AuditFlag) => `${f.rule} ${f.unit} ${f.source_file}:${f.source_row}`;

describe('auditFlagsSql', () => {
  it('flags each planted violation once and nothing else', async () => {
    // One line per rule violated in audit-fixture.ts; every other evaluation there is clean.
    expect((await flags()).map(key).sort()).toEqual(
      [
        `excellent_low_execution ${SEED_UNIT} a.csv:2`,
        'score_range 单位丙 a.csv:5',
        'grade_mismatch 单位丁 a.csv:6',
        'points_sum 单位戊 a.csv:7',
        'weights_sum 单位己 a.csv:9',
        'points_over_weight 单位庚 a.csv:10',
        'rate_mismatch 单位辛 a.csv:11',
        'rate_over_100 单位壬 a.csv:12',
        'duplicate_conflict 单位癸 a.csv:13',
        'duplicate_conflict 单位癸 b.csv:3',
        'total_mismatch 合计 t.csv:7',
      ].sort(),
    );
  });

  it('flags the seed 91 优 at 73.68% for low execution, not for a rate mismatch', async () => {
    const seed = (await flags({ units: [SEED_UNIT] })).map((f) => [f.rule, f.severity, f.detail]);
    expect(seed).toEqual([['excellent_low_execution', 2, '等级 优，自评得分 91.00，执行率 73.68%']]);
  });

  it('says what was found, with the numbers', async () => {
    const byRule = new Map((await flags()).map((f) => [f.rule, f]));
    expect(byRule.get('grade_mismatch')?.detail).toBe('自评得分 85.00，等级 优，按得分应为 良');
    // 40 + 48 = 88 (ind.csv rows 10–11)
    expect(byRule.get('points_sum')?.detail).toBe(
      '指标得分合计 88.00，自评得分 92.00（指标来自 ind.csv，共 2 行）',
    );
    expect(byRule.get('weights_sum')?.detail).toContain('指标分值合计 90.00');
    expect(byRule.get('points_over_weight')?.detail).toContain(
      '1 项指标得分超过分值，如 决策 得分 55.00 > 分值 50.00',
    );
    // 70 / 100 × 100 = 70
    expect(byRule.get('rate_mismatch')?.detail).toBe(
      '报告执行率 80.00%，支出÷预算 = 70.0%（支出 70.00 ÷ 预算 100.00 万元）',
    );
    // 5 + 4.5 = 9.5 spent under the 合计 of 9.6; budget 5 + 5 = 10 agrees so it is not mentioned
    expect(byRule.get('total_mismatch')?.detail).toBe(
      '合计：执行数 9.60 ≠ 明细之和 9.50（覆盖第 5–6 行中的 2 条记录）',
    );
    expect(byRule.get('duplicate_conflict')?.detail).toContain('不一致：得分；');
    expect(byRule.get('duplicate_conflict')?.detail).toContain('同组记录：a.csv 第 13 行、b.csv 第 3 行');
    expect(byRule.get('score_range')?.severity).toBe(3);
  });

  it('applies the shared filters', async () => {
    // 单位乙 is the only 2022 evaluation, and it is clean.
    expect(await flags({ yearFrom: 2022, yearTo: 2022 })).toEqual([]);
    expect((await flags({ units: ['单位癸'] })).map(key).sort()).toEqual([
      'duplicate_conflict 单位癸 a.csv:13',
      'duplicate_conflict 单位癸 b.csv:3',
    ]);
    // a total shows when any row it covers passes the filters: 单位寅 is under the wrong 合计,
    // 单位子 under the correct 小计
    expect((await flags({ units: ['单位寅'] })).map(key)).toEqual(['total_mismatch 合计 t.csv:7']);
    expect(await flags({ units: ['单位子'] })).toEqual([]);
    // a duplicate is found even when the filter hides its counterpart (b.csv says 96)
    expect((await flags({ scoreMax: 95 })).filter((f) => f.rule === 'duplicate_conflict').map(key)).toEqual([
      'duplicate_conflict 单位癸 a.csv:13',
    ]);
  });

  it('runs without ingest_totals', async () => {
    await conn.query('ALTER TABLE ingest_totals RENAME TO ingest_totals_hidden');
    try {
      // the eleven flags above minus the total
      expect(await flags({}, false)).toHaveLength(10);
    } finally {
      await conn.query('ALTER TABLE ingest_totals_hidden RENAME TO ingest_totals');
    }
  });
});

describe('audit panel queries', () => {
  const TABLES = { totals: true };

  it('counts flags per rule, most severe first', async () => {
    const rows = (await conn.query(auditSummarySql(NO_FILTERS, TABLES))).toArray() as Record<
      string,
      unknown
    >[];
    const byRule = Object.fromEntries(
      rows.map((r) => [String(r['rule']), [Number(r['flags']), Number(r['units'])]]),
    );
    // duplicate_conflict: 单位癸's two rows (one unit); every other rule fires once
    expect(byRule['duplicate_conflict']).toEqual([2, 1]);
    expect(Object.keys(byRule)).toHaveLength(10);
    expect(rows.map((r) => Number(r['severity']))).toEqual(
      [...rows.map((r) => Number(r['severity']))].sort((a, b) => b - a),
    );
  });

  it('sorts, filters to one rule and pages', async () => {
    const list = async (sort: AuditSort, rule: AuditRuleCode | null = null, limit: number | null = 500) =>
      readAuditFlags(await conn.query(auditListSql(NO_FILTERS, TABLES, sort, rule, limit)));
    const bySeverity = await list({ column: 'severity', desc: true });
    // 5 rules of severity 3 (2 duplicate rows + grade, score, total), then 中, then 低 last
    expect(bySeverity.map((f) => f.severity)).toEqual([3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 1]);
    const ascending = await list({ column: 'severity', desc: false });
    expect(ascending[0]!.rule).toBe('rate_over_100');
    expect((await list(DEFAULT_AUDIT_SORT, 'duplicate_conflict')).map((f) => f.source_file)).toEqual([
      'a.csv',
      'b.csv',
    ]);
    expect(await list(DEFAULT_AUDIT_SORT, null, 3)).toHaveLength(3);
    expect(await list(DEFAULT_AUDIT_SORT, null, null)).toHaveLength(11);
    const byYear = await list({ column: 'year', desc: false });
    // the total row has no year and goes last
    expect(byYear.at(-1)!.rule).toBe('total_mismatch');
  });

  it('drills to the rows behind each flag', async () => {
    const all = readAuditFlags(
      await conn.query(auditListSql(NO_FILTERS, TABLES, DEFAULT_AUDIT_SORT, null, null)),
    );
    const rowsOf = async (rule: AuditRuleCode) => {
      const flag = all.find((f) => f.rule === rule)!;
      const t = await conn.query(auditDrillSql(flag));
      return (t.toArray() as Record<string, unknown>[]).map(
        (r) => `${String(r['source_file'])}:${Number(r['source_row'])}`,
      );
    };
    // the seed evaluation itself
    expect(await rowsOf('excellent_low_execution')).toEqual(['a.csv:2']);
    // 单位戊 项目B's indicator lines, not those of its project-less evaluation
    expect(await rowsOf('points_sum')).toEqual(['ind.csv:10', 'ind.csv:11']);
    expect(await rowsOf('duplicate_conflict')).toEqual(['a.csv:13', 'b.csv:3']);
    // the rows between the 小计 (row 4) and the 合计 (row 7)
    expect(await rowsOf('total_mismatch')).toEqual(['t.csv:5', 't.csv:6']);
  });
});

describe('readOptionalTables', () => {
  it('needs the right columns, not just the name', async () => {
    expect(readOptionalTables(await conn.query(OPTIONAL_TABLES_SQL))).toEqual({
      totals: true,
      phrases: false,
    });
    await conn.query('CREATE TABLE problem_phrases (unit VARCHAR, phrase VARCHAR)');
    // no year column: not usable
    expect(readOptionalTables(await conn.query(OPTIONAL_TABLES_SQL)).phrases).toBe(false);
    await conn.query('DROP TABLE problem_phrases');
    await conn.query('CREATE VIEW problem_phrases AS SELECT unit, year, problems AS phrase FROM evaluations');
    // the departments' phrase column reads the id tables the phrases are made from, too
    expect(readOptionalTables(await conn.query(OPTIONAL_TABLES_SQL)).phrases).toBe(false);
    await conn.query('DROP VIEW problem_phrases');
    await loadPhraseTables(conn, [['单位', 2023, '短语']]);
    expect(readOptionalTables(await conn.query(OPTIONAL_TABLES_SQL)).phrases).toBe(true);
    await conn.query('DROP TABLE problem_units');
    expect(readOptionalTables(await conn.query(OPTIONAL_TABLES_SQL)).phrases).toBe(false);
    for (const t of [
      'problem_phrases',
      'problem_unit_texts',
      'problem_text_phrases',
      'problem_texts',
      'problem_phrase_vocab',
    ])
      await conn.query(`DROP TABLE ${t}`);
  });
});
