import type { Table } from 'apache-arrow';
import type { Filters } from './filters';

/** Runs SQL in the engine worker. Panels get this, never the driver. */
export type Querier = (sql: string) => Promise<Table>;

/** What every dashboard panel receives from the shell. */
export interface PanelProps {
  query: Querier;
  filters: Filters;
  /** Cross-filter: merge a patch into the shared filters (a click on a bar, point or row). */
  onFilter: (patch: Partial<Filters>) => void;
  /** 查看SQL: open this query as a notebook cell. */
  openSql: (sql: string) => void;
  /** Drill-down: show the rows behind a mark in the shared row viewer. */
  drill: (title: string, sql: string) => void;
  /** Bumped whenever tables change (files loaded or cleared), so panels re-query. */
  dataVersion: number;
  /** A panel created or replaced tables the analyst can query (e.g. problem_phrases). */
  tablesChanged?: () => void;
}
