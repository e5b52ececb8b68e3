import type { Table } from 'apache-arrow';
import type { Filters } from './filters';
import type { StoredFlags } from './audit/flag-table';
import type { HeldRates } from './execution-rate/held-rates';

/** Runs SQL in the engine worker. Panels get this, never the driver. */
export type Querier = (sql: string) => Promise<Table>;

/** What every dashboard panel receives from the shell. */
export interface PanelProps {
  /**
   * Queries for the current filter state: once the filters change, those still waiting are rejected
   * with SupersededError (analysis/superseded.ts), and answers may come from a cache.
   */
  query: Querier;
  /** Queries that belong to the data, not the filters (building derived tables): never dropped or cached. */
  queryData: Querier;
  filters: Filters;
  /** Cross-filter: merge a patch into the shared filters (a click on a bar, point or row). */
  onFilter: (patch: Partial<Filters>) => void;
  /** 查看SQL: open this query as a notebook cell. */
  openSql: (sql: string) => void;
  /** Drill-down: show the rows behind a mark in the shared row viewer. */
  drill: (title: string, sql: string) => void;
  /**
   * The audit flags stored for this data version (audit/flag-table.ts), built on first ask: wait for
   * it before reading audit_flags, audit_total_flags or audit_total_rows.
   */
  auditFlags: () => Promise<StoredFlags>;
  /**
   * Every rate of the current tables, sorted, once the dashboard has read them (null while it
   * reads them: the first ask after new data or a notebook cell starts the read): the
   * execution-rate panel's counted distribution of a years-and-kinds state is taken from them
   * (execution-rate/held-rates.ts).
   */
  heldRates?: () => HeldRates | null;
  /** Bumped whenever tables change (files loaded or cleared), so panels re-query. */
  dataVersion: number;
  /**
   * A panel created or replaced tables the analyst can query (e.g. problem_phrases), from the data
   * of the current `dataVersion`.
   */
  tablesChanged?: () => void;
}
