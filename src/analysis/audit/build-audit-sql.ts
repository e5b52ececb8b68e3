/**
 * The consistency audit (一致性核查) as one SQL query: one row per flag, with the rule, its severity,
 * a Chinese reason and the values that triggered it, pointing back to the file and row it came from.
 * The departments panel counts these rows per unit, so both panels agree on what a flag is.
 */
import { filterWhere, sqlString, type Filters } from '../filters';
import {
  AUDIT_RULES,
  LOW_EXECUTION,
  MONEY_TOLERANCE,
  POINTS_TOLERANCE,
  RATE_TOLERANCE,
  type AuditRuleCode,
} from './rules';

export interface AuditOptions {
  /** ingest_totals exists (it is created with the canonical tables, but a notebook may drop it). */
  totals: boolean;
  /**
   * An extra condition on evaluation columns, beyond the filters, given the table alias — e.g. the
   * departments panel asks only about the units it shows.
   */
  restrict?: (alias: string) => string;
  /**
   * Also return the filter columns of each flag's evaluation (supervisor, region, kind, grade, score,
   * execution_rate), so the flags can be stored once and filtered later (flag-table.ts). Total-row
   * flags have no evaluation: only without `totals`.
   */
  filterColumns?: boolean;
}

/** The evaluation columns `filterWhere` reads besides unit and year, carried by stored flags. */
export const FLAG_FILTER_COLUMNS = [
  'supervisor',
  'region',
  'kind',
  'grade',
  'score',
  'execution_rate',
] as const;

/** The columns every flag row has, in this order. */
export const AUDIT_COLUMNS = [
  'severity',
  'rule',
  'reason',
  'unit',
  'year',
  'project',
  'detail',
  'source_file',
  'source_row',
] as const;

// Display text for values inside `detail`; missing values read as —.
const num = (x: string) => `coalesce(CAST(${x} AS VARCHAR), '—')`;
const money = (x: string) => `coalesce(CAST(CAST(${x} AS DECIMAL(18,2)) AS VARCHAR), '—')`;
const pct = (x: string) => `coalesce(CAST(round(${x}, 2) AS VARCHAR) || '%', '—')`;

type Flag = (code: AuditRuleCode, from: string, where: string, detail: string, row?: string) => string;

/** The SELECT of one rule; `carry` adds the filter columns (AuditOptions.filterColumns). */
const flagSql = (carry: boolean): Flag =>
  function flag(code, from, where, detail, row = 'e') {
    const rule = AUDIT_RULES[code];
    const extra = carry ? FLAG_FILTER_COLUMNS.map((c) => `, ${row}.${c}`).join('') : '';
    return `SELECT ${rule.severity} AS severity, ${sqlString(code)} AS rule, ${sqlString(rule.zh)} AS reason,
  ${row}.unit, ${row}.year, ${row}.project, ${detail} AS detail, ${row}.source_file, ${row}.source_row${extra}
FROM ${from}
WHERE ${where}`;
  };

/** Same unit, year and project: project may be missing on both sides. */
const sameSubject = (a: string, b: string) =>
  `${a}.unit = ${b}.unit AND ${a}.year IS NOT DISTINCT FROM ${b}.year AND ${a}.project IS NOT DISTINCT FROM ${b}.project`;

/** Numbers compared across files; a value missing in one export is not a disagreement. */
const COMPARED = [
  ['score', '得分'],
  ['review_score', '复核得分'],
  ['budget_initial', '年初预算'],
  ['budget', '全年预算'],
  ['spent', '执行数'],
  ['execution_rate', '执行率'],
] as const;

function perEvaluationFlags(flag: Flag): string[] {
  const rateText = `'报告执行率 ' || ${pct('e.execution_rate')} || '，支出÷预算 = ' || ${pct('e.computed_rate')} || '（支出 ' || ${money('e.spent')} || ' ÷ 预算 ' || ${money('e.budget')} || ' 万元）'`;
  return [
    flag('score_range', 'audit_e e', 'e.score < 0 OR e.score > 100', `'自评得分 ' || ${num('e.score')}`),
    flag(
      'grade_mismatch',
      'audit_e e',
      `e.grade IS NOT NULL AND e.expected_grade IS NOT NULL AND e.grade <> e.expected_grade`,
      `'自评得分 ' || ${num('e.score')} || '，等级 ' || e.grade || '，按得分应为 ' || e.expected_grade`,
    ),
    flag(
      'rate_mismatch',
      'audit_e e',
      `abs(CAST(e.execution_rate AS DOUBLE) - e.computed_rate) > ${RATE_TOLERANCE}`,
      rateText,
    ),
    flag('rate_over_100', 'audit_e e', 'e.effective_rate > 100', `'执行率 ' || ${pct('e.effective_rate')}`),
    flag(
      'excellent_low_execution',
      'audit_e e',
      `coalesce(e.grade, e.expected_grade) = '优' AND e.effective_rate < ${LOW_EXECUTION}`,
      `'等级 ' || coalesce(e.grade, e.expected_grade) || '，自评得分 ' || ${num('e.score')} || '，执行率 ' || ${pct('e.effective_rate')}`,
    ),
  ];
}

function indicatorFlags(flag: Flag): string[] {
  const source = `'（指标来自 ' || i.indicator_file || '，共 ' || i.lines || ' 行）'`;
  return [
    flag(
      'points_sum',
      'audit_ei i',
      `i.points_n > 0 AND i.score IS NOT NULL AND abs(i.points_sum - i.score) > ${POINTS_TOLERANCE}`,
      `'指标得分合计 ' || ${num('i.points_sum')} || '，自评得分 ' || ${num('i.score')} || ${source}`,
      'i',
    ),
    flag(
      'weights_sum',
      'audit_ei i',
      `i.weight_n > 0 AND i.weight_sum <> 100`,
      `'指标分值合计 ' || ${num('i.weight_sum')} || '，应为 100' || ${source}`,
      'i',
    ),
    flag(
      'points_over_weight',
      'audit_ei i',
      `i.over_n > 0`,
      `i.over_n || ' 项指标得分超过分值，如 ' || i.over_example || ${source}`,
      'i',
    ),
  ];
}

function duplicateFlag(flag: Flag): string {
  // This row's values, blanks left out (concat_ws skips NULLs).
  const show = (c: string) =>
    c === 'execution_rate'
      ? pct('e.' + c)
      : c === 'score' || c === 'review_score'
        ? num('e.' + c)
        : money('e.' + c);
  const own = COMPARED.map(
    ([c, zh]) => `CASE WHEN e.${c} IS NOT NULL THEN ${sqlString(zh + ' ')} || ${show(c)} END`,
  ).join(', ');
  return flag(
    'duplicate_conflict',
    `audit_e e JOIN audit_dup d ON ${sameSubject('d', 'e')}`,
    'TRUE',
    `'不一致：' || d.differing || '；本行 ' || concat_ws('，', ${own}) || '；同组记录：' || d.places`,
  );
}

function duplicateCtes(narrowed: boolean): string {
  const differing = COMPARED.map(
    ([c, zh]) => `CASE WHEN min(x.${c}) <> max(x.${c}) THEN ${sqlString(zh)} END`,
  ).join(', ');
  const anyDiffers = COMPARED.map(([c]) => `min(x.${c}) <> max(x.${c})`).join(' OR ');
  // In steps because grouping a million rows by unit, year and project is the slow part: first the
  // unit-years that occur in more than one file (few groups, hashed file names), then the subjects
  // among their rows whose numbers differ, and only for those the list of places (an ordered
  // string_agg per group is costly). When filtered, only unit-years of the audited rows are looked
  // at, but in every file.
  return `audit_dup_pairs AS (
  SELECT unit, year
  FROM evaluations
  WHERE unit IS NOT NULL${narrowed ? '\n    AND hash(unit, year) IN (SELECT hash(unit, year) FROM audit_e)' : ''}
  GROUP BY unit, year
  HAVING min(hash(source_file)) <> max(hash(source_file))
),
audit_dup_keys AS (
  SELECT x.unit, x.year, x.project, concat_ws('、', ${differing}) AS differing
  FROM evaluations x JOIN audit_dup_pairs p ON p.unit = x.unit AND p.year IS NOT DISTINCT FROM x.year
  GROUP BY x.unit, x.year, x.project
  HAVING min(hash(x.source_file)) <> max(hash(x.source_file)) AND (${anyDiffers})
),
audit_dup AS (
  SELECT k.unit, k.year, k.project, any_value(k.differing) AS differing,
    string_agg(x.source_file || ' 第 ' || x.source_row || ' 行', '、' ORDER BY x.source_file, x.source_row) AS places
  FROM audit_dup_keys k JOIN evaluations x ON ${sameSubject('k', 'x')}
  GROUP BY k.unit, k.year, k.project
)`;
}

/**
 * Where a total row's cover starts: each total covers the rows of its file above it, back to the
 * previous total row (0 for the first).
 */
export const COVER_FROM = 'lag(source_row, 1, 0) OVER (PARTITION BY source_file ORDER BY source_row)';

export function totalsCtes(visible: string): string {
  return `audit_tot AS (
  SELECT t.*, ${COVER_FROM} AS prev_row
  FROM ingest_totals t
),
audit_tot_spans AS (
  ${coverSpansSql('audit_tot', 'prev_row')}
),
audit_cov AS (
  SELECT t.source_file, t.source_row, count(*) AS rows_n, sum(x.budget_initial) AS budget_initial_sum,
    sum(x.budget) AS budget_sum, sum(x.spent) AS spent_sum, bool_or(${visible}) AS visible
  FROM evaluations x JOIN audit_tot_spans t ON ${coverJoin('x', 't', 'prev_row')}
  GROUP BY t.source_file, t.source_row
)`;
}

/**
 * Rows per span bucket in a total's cover: the covers are found by an equi-join on (file, bucket)
 * then the range, not by an ASOF join, which partitions by the file name and ran 3–4× slower.
 */
export const COVER_BUCKET = 256;

/**
 * A total's cover [from, source_row) as one row per bucket it touches (`bucket`), from a table of
 * totals with their cover's first row in column `from`.
 */
export function coverSpansSql(totals: string, from: string): string {
  return `SELECT source_file, source_row, ${from},
    unnest(range(${from} // ${COVER_BUCKET}, source_row // ${COVER_BUCKET} + 1)) AS bucket
  FROM ${totals}`;
}

/**
 * Every total row's cover as spans (source_file, source_row, from_row, bucket), from ingest_totals
 * (which must exist): what audit_total_rows stores and problem_evals' total_row is found through.
 */
export function totalCoverSpansSql(): string {
  return coverSpansSql(
    `(SELECT source_file, source_row, ${COVER_FROM} AS from_row FROM ingest_totals)`,
    'from_row',
  );
}

/**
 * Row x lies in the cover of total t (spans from coverSpansSql): the nearest total row below x in
 * its file is t, i.e. t's previous total row (or 0) ≤ x < t. Each x matches at most one span.
 */
export function coverJoin(x: string, t: string, from: string): string {
  return `${x}.source_file = ${t}.source_file AND ${x}.source_row // ${COVER_BUCKET} = ${t}.bucket
    AND ${x}.source_row >= ${t}.${from} AND ${x}.source_row < ${t}.source_row`;
}

export function totalsFlag(): string {
  const off = (c: string) => `abs(t.${c} - v.${c}_sum) >= ${MONEY_TOLERANCE}`;
  const part = (c: string, zh: string) =>
    `CASE WHEN ${off(c)} THEN '${zh} ' || ${money('t.' + c)} || ' ≠ 明细之和 ' || ${money('v.' + c + '_sum')} END`;
  const rule = AUDIT_RULES.total_mismatch;
  return `SELECT ${rule.severity} AS severity, 'total_mismatch' AS rule, ${sqlString(rule.zh)} AS reason,
  coalesce(t.unit, t.label) AS unit, t.year, t.project,
  coalesce(t.label, '合计') || '：' || concat_ws('；', ${part('budget_initial', '年初预算')}, ${part('budget', '全年预算')}, ${part('spent', '执行数')})
    || '（覆盖第 ' || (t.prev_row + 1) || '–' || (t.source_row - 1) || ' 行中的 ' || v.rows_n || ' 条记录）' AS detail,
  t.source_file, t.source_row
FROM audit_tot t JOIN audit_cov v ON v.source_file = t.source_file AND v.source_row = t.source_row
WHERE v.visible AND NOT starts_with(coalesce(t.label, ''), '其中')
  AND (${off('budget_initial')} OR ${off('budget')} OR ${off('spent')})`;
}

/**
 * One row per flag over the evaluations that pass `filters`. Columns: AUDIT_COLUMNS — severity
 * INTEGER (3 高, 2 中, 1 低), rule code, Chinese reason, unit, year, project, detail VARCHAR,
 * source_file, source_row. Unordered: callers sort or aggregate.
 */
export function auditFlagsSql(filters: Filters, options: AuditOptions = { totals: true }): string {
  const where = (alias: string) => {
    const parts = [filterWhere(filters, alias), options.restrict?.(alias)].filter((p) => p && p !== 'TRUE');
    return parts.length ? parts.join(' AND ') : 'TRUE';
  };
  const narrowed = where('e') !== 'TRUE';
  const ctes = [
    // Only the columns the rules read: this CTE is scanned once per rule.
    `audit_e AS (
  SELECT e.unit, e.year, e.project, e.supervisor, e.region, e.kind, e.score, e.grade, e.review_score,
    e.budget_initial, e.budget, e.spent, e.execution_rate, e.source_file, e.source_row,
    CASE WHEN e.budget > 0 THEN CAST(e.spent AS DOUBLE) * 100 / CAST(e.budget AS DOUBLE) END AS computed_rate,
    coalesce(CAST(e.execution_rate AS DOUBLE), computed_rate) AS effective_rate,
    CASE WHEN e.score >= 90 THEN '优' WHEN e.score >= 80 THEN '良' WHEN e.score >= 60 THEN '中'
      WHEN e.score IS NOT NULL THEN '差' END AS expected_grade
  FROM evaluations e
  WHERE ${where('e')}
)`,
    `audit_ind AS (
  SELECT unit, year, project, source_file AS indicator_file, count(*) AS lines,
    sum(points) AS points_sum, count(points) AS points_n, sum(weight) AS weight_sum, count(weight) AS weight_n,
    count(*) FILTER (WHERE points > weight) AS over_n,
    -- The CASE keeps the text from being built for every indicator line.
    arg_min(CASE WHEN points > weight THEN concat_ws(' / ', level1, level2, level3) || ' 得分 ' || points || ' > 分值 ' || weight END, source_row)
      FILTER (WHERE points > weight) AS over_example
  FROM indicators${narrowed ? '\n  WHERE hash(unit, year) IN (SELECT hash(unit, year) FROM audit_e)' : ''}
  GROUP BY unit, year, project, source_file
)`,
    // An evaluation is compared with each indicator file that lists its unit, year and project.
    `audit_ei AS (
  SELECT e.unit, e.year, e.project, e.supervisor, e.region, e.kind, e.grade, e.score, e.execution_rate,
    e.source_file, e.source_row,
    i.indicator_file, i.lines, i.points_sum, i.points_n, i.weight_sum, i.weight_n, i.over_n, i.over_example
  FROM audit_e e JOIN audit_ind i
    ON i.unit = e.unit AND i.year = e.year AND i.project IS NOT DISTINCT FROM e.project
)`,
    duplicateCtes(narrowed),
    ...(options.totals ? [totalsCtes(where('x'))] : []),
  ];
  if (options.filterColumns && options.totals) throw new Error('total-row flags have no filter columns');
  const flag = flagSql(Boolean(options.filterColumns));
  const selects = [
    ...perEvaluationFlags(flag),
    ...indicatorFlags(flag),
    duplicateFlag(flag),
    ...(options.totals ? [totalsFlag()] : []),
  ];
  return `WITH ${ctes.join(',\n')}\n${selects.join('\nUNION ALL\n')}`;
}
