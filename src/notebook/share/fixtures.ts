/** A realistic notebook for tests and size figures: ten queries an analyst would actually write. */
import { NO_FILTERS } from '../../analysis/filters';
import type { NotebookState } from './state';

export const ANALYST_QUERIES: readonly string[] = [
  `SELECT region, count(*) AS n, round(avg(score), 1) AS avg_score FROM evaluations WHERE year = 2023 GROUP BY region ORDER BY avg_score DESC`,
  `SELECT unit, project, score, grade, execution_rate FROM evaluations WHERE score >= 95 AND execution_rate < 60 ORDER BY execution_rate LIMIT 100`,
  `SELECT supervisor, sum(budget_full_year) AS budget, sum(spent) AS spent, round(100 * sum(spent) / nullif(sum(budget_full_year), 0), 2) AS rate FROM evaluations GROUP BY supervisor ORDER BY rate`,
  `WITH yearly AS (SELECT unit, year, avg(score) AS s FROM evaluations GROUP BY unit, year) SELECT a.unit, a.s AS s2022, b.s AS s2023, b.s - a.s AS change FROM yearly a JOIN yearly b ON a.unit = b.unit AND a.year = 2022 AND b.year = 2023 ORDER BY change DESC`,
  `SELECT grade, count(*) AS n, min(score) AS lo, max(score) AS hi FROM evaluations GROUP BY grade ORDER BY grade`,
  `SELECT unit, problems FROM evaluations WHERE problems IS NULL OR trim(problems) IN ('', '无', '暂无', '无问题') ORDER BY unit`,
  `SELECT level1, level2, count(*) AS n, round(avg(points / nullif(weight, 0)) * 100, 1) AS pct_of_weight FROM indicators GROUP BY level1, level2 ORDER BY n DESC LIMIT 50`,
  `SELECT e.unit, e.score, e.review_score, e.score - e.review_score AS gap FROM evaluations e WHERE e.review_score IS NOT NULL ORDER BY gap DESC LIMIT 30`,
  `SELECT kind, year, count(*) FILTER (WHERE execution_rate >= 90) AS on_track, count(*) AS total FROM evaluations GROUP BY kind, year ORDER BY year, kind`,
  `SELECT file, row_number, reason, raw FROM ingest_rejects WHERE reason NOT LIKE '%空行%' ORDER BY file, row_number LIMIT 200`,
];

export function analystNotebook(): NotebookState {
  return {
    v: 1,
    title: '2023年度部门整体支出绩效自评复核',
    cells: ANALYST_QUERIES.map((sql, i) => ({
      id: `c${i + 1}`,
      sql,
      note: i % 3 === 0 ? '重点关注高分低执行' : undefined,
    })).map((c) => (c.note === undefined ? { id: c.id, sql: c.sql } : c)),
    filters: { ...NO_FILTERS, yearFrom: 2022, yearTo: 2023, regions: ['市本级', '东城区'], grades: ['优'] },
    chart: { type: 'bar', x: 'region', y: 'avg_score', sort: true },
    datasets: [
      { file: '2023自评汇总.csv', rows: 1842, hash: '0123456789abcdef' },
      { file: 'indicators_2023.csv', rows: 15230, hash: 'fedcba9876543210' },
    ],
  };
}
