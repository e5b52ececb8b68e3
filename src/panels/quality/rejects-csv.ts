import type { RejectedRow } from '../../ingest/report';

/** RFC 4180 field: quoted when it holds a delimiter, quote or newline. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * The rejected rows of one file as CSV text (UTF-8 with BOM so Excel on Chinese Windows opens it
 * without garbling): 源文件,行号,原因,原始内容.
 */
export function rejectsCsv(fileName: string, rejects: readonly RejectedRow[]): string {
  const lines = [['源文件', '行号', '原因', '原始内容'].join(',')];
  for (const r of rejects)
    lines.push(
      [fileName, r.sourceRow === null ? '' : String(r.sourceRow), r.reason, r.raw].map(field).join(','),
    );
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
