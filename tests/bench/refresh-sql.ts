/**
 * The queries the dashboard runs after a filter change, by panel (default groupings and sorts), as
 * the loaders build them. Table checks answered from the gate's cache are left out; the department
 * flag counts are asked for every group (the panel asks for the 200 shown, so this is an upper bound).
 */
import type { Filters } from '../../src/analysis/filters';
import { scoreInflationSql } from '../../src/analysis/score-inflation/load-score-inflation';
import { gradeShareSql } from '../../src/analysis/score-inflation/build-score-inflation-sql';
import { executionRateSql } from '../../src/analysis/execution-rate/load-execution-rate';
import { rateDistributionSql } from '../../src/analysis/execution-rate/build-execution-rate-sql';
import {
  DEPARTMENTS_LIMIT,
  departmentFlagsSql,
  departmentsSql,
} from '../../src/analysis/departments/build-departments-sql';
import {
  auditListSql,
  auditSummarySql,
  DEFAULT_AUDIT_SORT,
  AUDIT_PAGE,
} from '../../src/analysis/audit/audit-queries';
import { copiedTextsSql, topPhrasesSql } from '../../src/analysis/problem-phrases/queries';

export function dashboardRefreshSql(f: Filters): Record<string, string> {
  const score = scoreInflationSql(f);
  const rate = executionRateSql(f);
  const tables = { totals: true, phrases: true };
  return {
    ...Object.fromEntries(Object.entries(score).map(([k, v]) => [`score.${k}`, v])),
    'score.gradeShare': gradeShareSql(f, 'supervisor'),
    ...Object.fromEntries(Object.entries(rate).map(([k, v]) => [`rate.${k}`, v])),
    'rate.distribution': rateDistributionSql(f, 'supervisor'),
    departments: departmentsSql(f, {
      groupBy: 'unit',
      sort: { column: 'evaluations', desc: true },
      limit: DEPARTMENTS_LIMIT,
      tables,
    }),
    'departments.flags': departmentFlagsSql(f, 'unit'),
    'audit.summary': auditSummarySql(f, tables, 'stored'),
    'audit.list': auditListSql(f, tables, DEFAULT_AUDIT_SORT, null, AUDIT_PAGE, 'stored'),
    'phrases.top': topPhrasesSql(f, 20),
    'phrases.copies': copiedTextsSql(f, 20),
  };
}
