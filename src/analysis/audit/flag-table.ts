/**
 * The audit's flags, stored once per data version. The rules do not depend on the filters: with
 * filters, `auditFlagsSql` returns exactly the unfiltered flags whose evaluation passes them (a
 * total row's flag: when a row it totals passes them). So the whole audit runs once after a load,
 * into three tables, and a filter change only selects from them:
 *
 *   audit_flags        every evaluation flag (AUDIT_COLUMNS) with its evaluation's filter columns
 *                      and unit_no (the flags' units numbered, shared with audit_total_flags)
 *   audit_total_flags  every total-row flag (AUDIT_COLUMNS) and unit_no
 *   audit_total_rows   the rows every total row covers, as spans (source_file, source_row, from_row,
 *                      bucket): a filtered audit shows a flagged total when one of the rows it
 *                      totals passes the filters
 *
 * The tables are built from the tables as they were at that data version; `stored-flags.test.ts`
 * checks them against the direct query under many filters.
 */
import { auditFlagsTable, evaluationsTable, filterWhere, NO_FILTERS, type Filters } from '../filters';
import type { Querier } from '../types';
import {
  AUDIT_COLUMNS,
  auditFlagsSql,
  coverJoin,
  coverSpansSql,
  totalCoverSpansSql,
  totalsCtes,
  totalsFlag,
  type AuditOptions,
} from './build-audit-sql';
import { OPTIONAL_TABLES_SQL, readOptionalTables } from './optional-tables';

export const AUDIT_FLAG_TABLES = ['audit_flags', 'audit_total_flags', 'audit_total_rows'] as const;

/** What a build saw: whether ingest_totals existed (its flags are in audit_total_flags). */
export interface StoredFlags {
  totals: boolean;
}

/** The flags made before they are numbered and stored in order (temporary, dropped by the build). */
const NEW_FLAGS = 'audit_flags_new';
const NEW_TOTAL_FLAGS = 'audit_total_flags_new';
const FLAG_UNITS = 'audit_flag_units';

/** The statements that (re)build the flag tables. */
export function auditFlagTableSql(stored: StoredFlags): string[] {
  const columns = AUDIT_COLUMNS.join(', ');
  // Both flag tables carry unit_no, their units numbered together: the summary counts a rule's
  // distinct units by number instead of hashing every flag's name (kind = 部门整体支出 at a million
  // rows, in the browser: 70 → 30 ms).
  const numbered = (from: string) =>
    `SELECT f.*, u.unit_no FROM ${from} f LEFT JOIN ${FLAG_UNITS} u ON u.unit = f.unit`;
  return [
    `CREATE OR REPLACE TEMP TABLE ${NEW_FLAGS} AS
${auditFlagsSql(NO_FILTERS, { totals: false, filterColumns: true })}`,
    stored.totals
      ? `CREATE OR REPLACE TEMP TABLE ${NEW_TOTAL_FLAGS} AS
WITH ${totalsCtes('TRUE')}
${totalsFlag()}`
      : // Same columns, no rows: the filtered query reads it either way.
        `CREATE OR REPLACE TEMP TABLE ${NEW_TOTAL_FLAGS} AS SELECT ${columns} FROM ${NEW_FLAGS} WHERE FALSE`,
    `CREATE OR REPLACE TEMP TABLE ${FLAG_UNITS} AS
SELECT unit, (row_number() OVER (ORDER BY unit))::INTEGER AS unit_no
FROM (SELECT unit FROM ${NEW_FLAGS} UNION SELECT unit FROM ${NEW_TOTAL_FLAGS}) WHERE unit IS NOT NULL`,
    // In kind, region and year order: a kind's or a region's flags are then a few row groups, read in
    // place (row-copies.ts).
    `CREATE OR REPLACE TABLE audit_flags AS
${numbered(NEW_FLAGS)}
ORDER BY kind, region, year`,
    `CREATE OR REPLACE TABLE audit_total_flags AS
${numbered(NEW_TOTAL_FLAGS)}`,
    ...[NEW_FLAGS, NEW_TOTAL_FLAGS, FLAG_UNITS].map((t) => `DROP TABLE ${t}`),
    // What every total row covers (flagged or not: each bounds the rows the next one covers).
    `CREATE OR REPLACE TABLE audit_total_rows AS
${
  stored.totals
    ? totalCoverSpansSql()
    : coverSpansSql(
        `(SELECT source_file, source_row, source_row AS from_row FROM evaluations WHERE FALSE)`,
        'from_row',
      )
}`,
  ];
}

/**
 * `auditFlagsSql(filters, options)` over the stored tables: the same rows (unordered), without
 * running the rules again. `options.totals` false leaves the total-row flags out, as there.
 * `withUnitNo` adds the stored unit_no column (auditSummarySql).
 */
export function storedAuditFlagsSql(filters: Filters, options: AuditOptions, withUnitNo = false): string {
  const where = (alias: string) => {
    const parts = [filterWhere(filters, alias), options.restrict?.(alias)].filter((p) => p && p !== 'TRUE');
    return parts.length ? parts.join(' AND ') : 'TRUE';
  };
  const columns = (alias: string) =>
    [...AUDIT_COLUMNS, ...(withUnitNo ? ['unit_no'] : [])].map((c) => `${alias}.${c}`).join(', ');
  const evaluations = `SELECT ${columns('a')} FROM ${auditFlagsTable(filters)} a WHERE ${where('a')}`;
  if (!options.totals) return evaluations;
  // A total is shown when any row it totals passes the filters; unfiltered, every flagged total is.
  // The dashboard keeps the visible totals of a filter state in a table (row-copies.ts); a
  // restricted query (department flag counts) or one without it finds them here.
  let visible = 'TRUE';
  if (options.restrict) {
    visible = `(t.source_file, t.source_row) IN (SELECT (source_file, source_row) FROM (${visibleTotalsSql(`(SELECT * FROM ${evaluationsTable(filters)} x WHERE ${where('x')})`, 'TRUE')}))`;
  } else if (filterWhere(filters) !== 'TRUE') {
    const totals =
      filters.copies?.visibleTotals ??
      `(${visibleTotalsSql(evaluationsTable(filters), filterWhere(filters))})`;
    visible = `(t.source_file, t.source_row) IN (SELECT (source_file, source_row) FROM ${totals})`;
  }
  return `${evaluations}
UNION ALL
SELECT ${columns('t')} FROM audit_total_flags t WHERE ${visible}`;
}

/**
 * The flagged-or-not total rows (source_file, source_row) that total at least one row of
 * `evaluations` passing `where`: each row belongs to the nearest total row below it in its file,
 * found as the audit finds it (totalsCtes), through the spans in audit_total_rows.
 */
export function visibleTotalsSql(evaluations: string, where: string): string {
  return `SELECT DISTINCT r.source_file, r.source_row
FROM (SELECT source_file, source_row FROM ${evaluations} WHERE ${where}) x
JOIN audit_total_rows r ON ${coverJoin('x', 'r', 'from_row')}`;
}

/** Builds the tables from the current data; resolves to what it stored. */
export async function buildAuditFlagTables(query: Querier): Promise<StoredFlags> {
  const stored = { totals: readOptionalTables(await query(OPTIONAL_TABLES_SQL)).totals };
  for (const sql of auditFlagTableSql(stored)) await query(sql);
  return stored;
}

/**
 * One build per data version, shared by the panels that read the tables (audit, departments). A
 * newer version waits for the build in flight (they replace the same tables); a failed build is not
 * kept, so the next caller tries again.
 */
export class AuditFlagTables {
  #version: number | null = null;
  #current: Promise<StoredFlags> | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly query: Querier) {}

  ensure(version: number): Promise<StoredFlags> {
    if (this.#version === version && this.#current) return this.#current;
    this.#version = version;
    const run = this.#queue.then(() => buildAuditFlagTables(this.query));
    this.#queue = run.catch(() => undefined);
    this.#current = run;
    run.catch(() => {
      if (this.#current === run) this.#current = null;
    });
    return run;
  }
}
