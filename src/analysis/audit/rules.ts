/**
 * The consistency rules the audit checks. One table so the SQL, the UI legend and the CSV export
 * all say the same thing about a rule.
 */

/** 3 = 高 (the report contradicts itself), 2 = 中 (arithmetic does not add up), 1 = 低 (implausible). */
export type Severity = 1 | 2 | 3;

export type AuditRuleCode =
  | 'score_range'
  | 'grade_mismatch'
  | 'points_sum'
  | 'weights_sum'
  | 'points_over_weight'
  | 'rate_mismatch'
  | 'rate_over_100'
  | 'excellent_low_execution'
  | 'total_mismatch'
  | 'duplicate_conflict';

export interface AuditRule {
  readonly code: AuditRuleCode;
  readonly severity: Severity;
  readonly zh: string;
  readonly en: string;
}

export const AUDIT_RULES: Readonly<Record<AuditRuleCode, AuditRule>> = {
  score_range: { code: 'score_range', severity: 3, zh: '自评得分超出 0–100', en: 'Score outside 0–100' },
  grade_mismatch: {
    code: 'grade_mismatch',
    severity: 3,
    zh: '评价等级与得分不符（优≥90，良80–90，中60–80，差<60）',
    en: 'Grade does not match the score (优 ≥ 90, 良 80–90, 中 60–80, 差 < 60)',
  },
  points_sum: {
    code: 'points_sum',
    severity: 2,
    zh: '指标得分合计与自评得分不符（差额超过 0.5 分）',
    en: 'Indicator points do not add up to the score (off by more than 0.5)',
  },
  weights_sum: {
    code: 'weights_sum',
    severity: 2,
    zh: '指标分值合计不等于 100',
    en: 'Indicator weights do not add up to 100',
  },
  points_over_weight: {
    code: 'points_over_weight',
    severity: 2,
    zh: '指标得分超过该指标分值',
    en: 'Indicator points exceed the indicator weight',
  },
  rate_mismatch: {
    code: 'rate_mismatch',
    severity: 2,
    zh: '报告执行率与 支出÷预算 不符（差额超过 0.5 个百分点）',
    en: 'Reported execution rate differs from spent ÷ budget (by more than 0.5 points)',
  },
  rate_over_100: {
    code: 'rate_over_100',
    severity: 1,
    zh: '执行率超过 100%',
    en: 'Execution rate over 100%',
  },
  excellent_low_execution: {
    code: 'excellent_low_execution',
    severity: 2,
    zh: '评为“优”但预算执行率低于 80%',
    en: 'Graded 优 with execution below 80%',
  },
  total_mismatch: {
    code: 'total_mismatch',
    severity: 3,
    zh: '合计/小计行与其所列明细之和不符',
    en: 'Total row differs from the sum of the rows it totals',
  },
  duplicate_conflict: {
    code: 'duplicate_conflict',
    severity: 3,
    zh: '同一单位、年度、项目在多个文件中数字不一致',
    en: 'Same unit, year and project in several files with different numbers',
  },
};

export const SEVERITY_LABEL: Readonly<Record<Severity, { zh: string; en: string }>> = {
  3: { zh: '高', en: 'High' },
  2: { zh: '中', en: 'Medium' },
  1: { zh: '低', en: 'Low' },
};

/** Tolerances, in the units of the compared values. */
export const POINTS_TOLERANCE = 0.5;
export const RATE_TOLERANCE = 0.5;
/** 万元: 0.01 万元 = 100 元, the precision totals are printed with. */
export const MONEY_TOLERANCE = 0.01;
export const LOW_EXECUTION = 80;
