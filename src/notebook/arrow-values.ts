import { DataType, type Field } from 'apache-arrow';

/** How a result cell is shown: numbers right-aligned, NULL distinct, everything as plain text. */
export interface CellText {
  text: string;
  kind: 'null' | 'number' | 'text';
}

const NULL_CELL: CellText = { text: 'NULL', kind: 'null' };

/** A 128-bit two's-complement little-endian integer (Arrow's Decimal storage) as a bigint. */
function wordsToBigInt(words: Uint32Array): bigint {
  let v = 0n;
  for (let i = words.length - 1; i >= 0; i--) v = (v << 32n) | BigInt(words[i] ?? 0);
  const bits = BigInt(words.length * 32);
  return v >= 1n << (bits - 1n) ? v - (1n << bits) : v;
}

/** Exact decimal text from Arrow's Decimal words and scale — never through a float. */
export function decimalText(words: Uint32Array, scale: number): string {
  const v = wordsToBigInt(words);
  const sign = v < 0n ? '-' : '';
  const digits = (v < 0n ? -v : v).toString().padStart(scale + 1, '0');
  if (scale === 0) return sign + digits;
  return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value && typeof value === 'object' && 'toJSON' in value)
    return (value as { toJSON(): unknown }).toJSON();
  return value;
}

export function formatCell(value: unknown, field: Field): CellText {
  if (value === null || value === undefined) return NULL_CELL;
  const type = field.type;
  if (DataType.isDecimal(type))
    return { text: decimalText(value as Uint32Array, type.scale), kind: 'number' };
  if (DataType.isInt(type) || DataType.isFloat(type)) return { text: String(value), kind: 'number' };
  if (DataType.isDate(type))
    return { text: new Date(value as number).toISOString().slice(0, 10), kind: 'text' };
  if (DataType.isTimestamp(type)) {
    return {
      text: new Date(value as number).toISOString().replace('T', ' ').replace('.000Z', ''),
      kind: 'text',
    };
  }
  if (DataType.isBinary(type)) {
    const hex = Array.from(value as Uint8Array, (b) => b.toString(16).padStart(2, '0')).join('');
    return { text: `\\x${hex}`, kind: 'text' };
  }
  if (typeof value === 'object') {
    return { text: JSON.stringify(plain(value), (_k, v: unknown) => plain(v)), kind: 'text' };
  }
  return { text: String(value), kind: 'text' };
}

/** The type name shown in headers and the table list (DuckDB-like, short). */
export function typeLabel(field: Field): string {
  const t = field.type;
  if (DataType.isDecimal(t)) return `DECIMAL(${t.precision},${t.scale})`;
  if (DataType.isUtf8(t) || DataType.isLargeUtf8(t)) return 'VARCHAR';
  if (DataType.isInt(t))
    return t.bitWidth === 64 ? 'BIGINT' : t.bitWidth === 32 ? 'INTEGER' : `INT${t.bitWidth}`;
  if (DataType.isFloat(t)) return t.precision === 2 ? 'DOUBLE' : 'FLOAT';
  if (DataType.isBool(t)) return 'BOOLEAN';
  return String(t);
}
