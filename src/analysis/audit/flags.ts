/** Audit flags as plain objects, read from the Arrow rows `auditFlagsSql` returns. */
import type { Table } from 'apache-arrow';
import { rowsOf } from '../arrow-rows';
import type { AuditRuleCode, Severity } from './rules';

export interface AuditFlag {
  severity: Severity;
  rule: AuditRuleCode;
  reason: string;
  unit: string | null;
  year: number | null;
  project: string | null;
  detail: string | null;
  source_file: string;
  source_row: number;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const int = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Column by column (arrow-rows.ts), not through a row proxy per flag. */
export function readAuditFlags(table: Table): AuditFlag[] {
  return rowsOf<Record<string, unknown>>(table).map((row) => ({
    severity: Number(row['severity']) as Severity,
    rule: String(row['rule']) as AuditRuleCode,
    reason: String(row['reason']),
    unit: text(row['unit']),
    year: int(row['year']),
    project: text(row['project']),
    detail: text(row['detail']),
    source_file: String(row['source_file']),
    source_row: Number(row['source_row']),
  }));
}
