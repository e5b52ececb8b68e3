/** The SQL that makes each cube (cubes.ts) from the evaluations, beside the queries that read it. */
import { cubeTable, type CubeKind } from './cubes';
import { cellsCubeSql, groupsCubeSql, reviewCubeSql } from './score-inflation/build-score-inflation-sql';
import { ratesCubeSql } from './execution-rate/build-execution-rate-sql';

const SELECTS: Record<CubeKind, (from: string) => string> = {
  cells: cellsCubeSql,
  groups: groupsCubeSql,
  review: reviewCubeSql,
  rates: ratesCubeSql,
};

/** Makes (or remakes) one cube from `from`, a table with the evaluations columns. */
export function cubeTableSql(kind: CubeKind, from = 'evaluations'): string {
  return `CREATE OR REPLACE TEMP TABLE ${cubeTable(kind)} AS ${SELECTS[kind](from)}`;
}
