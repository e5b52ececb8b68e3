/**
 * The audit as a CSV an analyst opens in Excel or WPS: UTF-8 with a BOM (else Excel reads GBK),
 * CRLF, and cells that start like a formula prefixed with ' so the spreadsheet shows them as text.
 */
import type { AuditFlag } from './flags';
import { SEVERITY_LABEL } from './rules';

const HEADER = ['严重程度', '规则', '原因', '单位', '年度', '项目', '明细', '来源文件', '来源行'];

/** One CSV cell: neutralised if it would start a formula, quoted if it holds , " or a line break. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function auditCsv(flags: readonly AuditFlag[]): string {
  const lines = [
    HEADER,
    ...flags.map((f) => [
      SEVERITY_LABEL[f.severity].zh,
      f.rule,
      f.reason,
      f.unit,
      f.year,
      f.project,
      f.detail,
      f.source_file,
      f.source_row,
    ]),
  ];
  return '\uFEFF' + lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Starts a download of `text` in the browser. */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  // Revoke after the click has been handled; revoking at once can cancel the download in Safari.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
