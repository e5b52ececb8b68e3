/**
 * CSV for Excel users: UTF-8 with a BOM (so Excel shows Chinese), RFC 4180 quoting, CRLF lines,
 * and text cells that Excel would read as a formula (=, +, -, @, tab, CR) prefixed with a quote
 * mark. Numbers stay numbers: only text columns are neutralised, so -12.5 in a DECIMAL column is
 * written as -12.5, and DECIMAL values are written exactly (DuckDB casts them to text).
 */
import { DataType, util, type Table } from 'apache-arrow';
import { sqlIdent } from '../../analysis/filters';

export type Query = (sql: string) => Promise<Table>;

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Wraps a query so every column comes back as DuckDB's exact text form (DECIMAL without float loss). */
export function csvExportSql(sql: string): string {
  return `SELECT COLUMNS(*)::VARCHAR FROM (\n${stripTrailingSemicolon(sql)}\n) AS ${sqlIdent('__csv_export')}`;
}

function stripTrailingSemicolon(sql: string): string {
  return sql.replace(/;\s*$/, '');
}

/** Neutralises a text cell Excel would treat as a formula, then quotes it if needed. */
export function csvTextField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return csvField(safe);
}

function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function isNumeric(type: DataType): boolean {
  return DataType.isInt(type) || DataType.isFloat(type) || DataType.isDecimal(type);
}

/** A DECIMAL cell from a raw Arrow table, written exactly from its integer digits and scale. */
function decimalText(value: unknown, scale: number): string {
  const digits = util.bigNumToBigInt(value as Parameters<typeof util.bigNumToBigInt>[0]);
  const negative = digits < 0n;
  const abs = (negative ? -digits : digits).toString().padStart(scale + 1, '0');
  const text = scale > 0 ? `${abs.slice(0, -scale)}.${abs.slice(-scale)}` : abs;
  return negative ? `-${text}` : text;
}

export interface CsvOptions {
  /**
   * Which columns (by index) hold numbers although the table has them as text — the result of
   * csvExportSql. Numeric Arrow columns are always treated as numbers.
   */
  numericColumns?: readonly boolean[];
}

/** The whole table as CSV text, starting with a BOM. NULL becomes an empty field. */
export function tableToCsv(table: Table, options: CsvOptions = {}): string {
  const fields = table.schema.fields;
  const columns = fields.map((f, i) => {
    const vector = table.getChildAt(i)!;
    const numeric = isNumeric(f.type) || options.numericColumns?.[i] === true;
    const scale = DataType.isDecimal(f.type) ? f.type.scale : null;
    return (row: number): string => {
      const value: unknown = vector.get(row);
      if (value === null || value === undefined) return '';
      if (scale !== null) return decimalText(value, scale);
      const text = value instanceof Date ? value.toISOString() : String(value);
      return numeric ? csvField(text) : csvTextField(text);
    };
  });
  const lines = [fields.map((f) => csvTextField(f.name)).join(',')];
  for (let row = 0; row < table.numRows; row++) lines.push(columns.map((cell) => cell(row)).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}

/**
 * Runs `sql` for export: once with LIMIT 0 to learn which columns are numbers, then with every
 * column cast to text so values are exact.
 */
export async function exportCsv(query: Query, sql: string): Promise<string> {
  const body = stripTrailingSemicolon(sql);
  const shape = await query(`SELECT * FROM (\n${body}\n) AS ${sqlIdent('__csv_shape')} LIMIT 0`);
  const numericColumns = shape.schema.fields.map((f) => isNumeric(f.type));
  return tableToCsv(await query(csvExportSql(body)), { numericColumns });
}
