/**
 * A small Parquet writer: one row group per 100 000 rows, one PLAIN, uncompressed data page per
 * column chunk, every column OPTIONAL. Used because duckdb-wasm 1.32 does not link in the parquet
 * extension and the locked-down, offline engine cannot load it. Column kinds are decided in SQL
 * (parquet-export.ts) so the Arrow values arriving here are few and simple.
 */
import { util, type Table, type Vector } from 'apache-arrow';
import { thriftStruct, type ThriftStruct } from './thrift';

export type ParquetKind = 'bool' | 'int32' | 'int64' | 'double' | 'decimal' | 'date' | 'timestamp' | 'utf8';

export interface ParquetColumn {
  name: string;
  kind: ParquetKind;
  /** DECIMAL only. */
  precision?: number;
  scale?: number;
}

const ROWS_PER_GROUP = 100_000;
// Parquet enums.
const T = { BOOLEAN: 0, INT32: 1, INT64: 2, DOUBLE: 5, BYTE_ARRAY: 6, FIXED_LEN_BYTE_ARRAY: 7 } as const;
const CONVERTED = { UTF8: 0, DECIMAL: 5, DATE: 6, TIMESTAMP_MICROS: 10 } as const;
const PLAIN = 0;
const RLE = 3;
const OPTIONAL = 1;

/** Grows a byte buffer; Parquet pages are built in memory before their header is known. */
class Bytes {
  private buf = new Uint8Array(1024);
  length = 0;
  private view = new DataView(this.buf.buffer);

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  u8(v: number): void {
    this.reserve(1);
    this.buf[this.length++] = v;
  }
  i32(v: number): void {
    this.reserve(4);
    this.view.setInt32(this.length, v, true);
    this.length += 4;
  }
  i64(v: bigint): void {
    this.reserve(8);
    this.view.setBigInt64(this.length, BigInt.asIntN(64, v), true);
    this.length += 8;
  }
  f64(v: number): void {
    this.reserve(8);
    this.view.setFloat64(this.length, v, true);
    this.length += 8;
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function physicalType(c: ParquetColumn): number {
  switch (c.kind) {
    case 'bool':
      return T.BOOLEAN;
    case 'int32':
    case 'date':
      return T.INT32;
    case 'int64':
    case 'timestamp':
      return T.INT64;
    case 'double':
      return T.DOUBLE;
    case 'decimal':
      return (c.precision ?? 38) <= 18 ? T.INT64 : T.FIXED_LEN_BYTE_ARRAY;
    case 'utf8':
      return T.BYTE_ARRAY;
  }
}

function schemaElement(c: ParquetColumn): ThriftStruct {
  const type = physicalType(c);
  const converted =
    c.kind === 'utf8'
      ? CONVERTED.UTF8
      : c.kind === 'decimal'
        ? CONVERTED.DECIMAL
        : c.kind === 'date'
          ? CONVERTED.DATE
          : c.kind === 'timestamp'
            ? CONVERTED.TIMESTAMP_MICROS
            : undefined;
  return {
    1: { t: 'i32', v: type },
    2: type === T.FIXED_LEN_BYTE_ARRAY ? { t: 'i32', v: 16 } : undefined,
    3: { t: 'i32', v: OPTIONAL },
    4: { t: 'bin', v: c.name },
    6: converted === undefined ? undefined : { t: 'i32', v: converted },
    7: c.kind === 'decimal' ? { t: 'i32', v: c.scale ?? 0 } : undefined,
    8: c.kind === 'decimal' ? { t: 'i32', v: c.precision ?? 38 } : undefined,
  };
}

/** Definition levels (1 = present) as one bit-packed run of the RLE/bit-packing hybrid. */
function definitionLevels(present: boolean[]): Uint8Array {
  const groups = Math.ceil(present.length / 8);
  const out = new Bytes();
  let header = (groups << 1) | 1;
  while (header >= 0x80) {
    out.u8((header & 0x7f) | 0x80);
    header >>>= 7;
  }
  out.u8(header);
  for (let g = 0; g < groups; g++) {
    let byte = 0;
    for (let b = 0; b < 8; b++) if (present[g * 8 + b]) byte |= 1 << b;
    out.u8(byte);
  }
  return out.result();
}

function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(Math.trunc(value));
  return util.bigNumToBigInt(value as Parameters<typeof util.bigNumToBigInt>[0]);
}

/** PLAIN-encodes the non-null values of rows [from, to) and reports which rows were present. */
function encodeValues(c: ParquetColumn, vector: Vector, from: number, to: number) {
  const values = new Bytes();
  const present: boolean[] = [];
  let bits = 0;
  let nbits = 0;
  const text = new TextEncoder();
  const wide = physicalType(c) === T.FIXED_LEN_BYTE_ARRAY;
  for (let row = from; row < to; row++) {
    const v: unknown = vector.get(row);
    const isPresent = v !== null && v !== undefined;
    present.push(isPresent);
    if (!isPresent) continue;
    switch (c.kind) {
      case 'bool':
        if (v) bits |= 1 << nbits;
        if (++nbits === 8) {
          values.u8(bits);
          bits = nbits = 0;
        }
        break;
      case 'int32':
      case 'date':
        values.i32(Number(v));
        break;
      case 'int64':
      case 'timestamp':
        values.i64(toBigInt(v));
        break;
      case 'double':
        values.f64(Number(v));
        break;
      case 'decimal':
        if (!wide) values.i64(toBigInt(v));
        else {
          // 16-byte big-endian two's complement.
          let n = BigInt.asUintN(128, toBigInt(v));
          const b = new Uint8Array(16);
          for (let i = 15; i >= 0; i--, n >>= 8n) b[i] = Number(n & 0xffn);
          values.bytes(b);
        }
        break;
      case 'utf8': {
        const b = text.encode(String(v));
        values.i32(b.length);
        values.bytes(b);
        break;
      }
    }
  }
  if (nbits > 0) values.u8(bits);
  return { values: values.result(), present };
}

/** The table as Parquet bytes. `columns` must match the table's columns, in order. */
export function tableToParquet(table: Table, columns: readonly ParquetColumn[]): Uint8Array {
  if (columns.length !== table.numCols) throw new Error('Parquet columns do not match the table.');
  const out = new Bytes();
  out.bytes(new TextEncoder().encode('PAR1'));
  const rowGroups: ThriftStruct[] = [];
  for (let from = 0; from < table.numRows; from += ROWS_PER_GROUP) {
    const to = Math.min(table.numRows, from + ROWS_PER_GROUP);
    const chunks: ThriftStruct[] = [];
    let groupBytes = 0;
    columns.forEach((c, i) => {
      const { values, present } = encodeValues(c, table.getChildAt(i)!, from, to);
      const levels = definitionLevels(present);
      const pageSize = 4 + levels.length + values.length;
      const header = thriftStruct({
        1: { t: 'i32', v: 0 }, // DATA_PAGE
        2: { t: 'i32', v: pageSize },
        3: { t: 'i32', v: pageSize },
        5: {
          t: 'struct',
          v: {
            1: { t: 'i32', v: to - from },
            2: { t: 'i32', v: PLAIN },
            3: { t: 'i32', v: RLE },
            4: { t: 'i32', v: RLE },
          },
        },
      });
      const offset = out.length;
      out.bytes(header);
      out.i32(levels.length);
      out.bytes(levels);
      out.bytes(values);
      const size = header.length + pageSize;
      groupBytes += size;
      chunks.push({
        2: { t: 'i64', v: offset },
        3: {
          t: 'struct',
          v: {
            1: { t: 'i32', v: physicalType(c) },
            2: { t: 'list', elem: 'i32', v: [PLAIN, RLE] },
            3: { t: 'list', elem: 'bin', v: [c.name] },
            4: { t: 'i32', v: 0 }, // UNCOMPRESSED
            5: { t: 'i64', v: to - from },
            6: { t: 'i64', v: size },
            7: { t: 'i64', v: size },
            9: { t: 'i64', v: offset },
          },
        },
      });
    });
    rowGroups.push({
      1: { t: 'list', elem: 'struct', v: chunks },
      2: { t: 'i64', v: groupBytes },
      3: { t: 'i64', v: to - from },
    });
  }
  const meta = thriftStruct({
    1: { t: 'i32', v: 1 },
    2: {
      t: 'list',
      elem: 'struct',
      v: [
        { 4: { t: 'bin', v: 'schema' }, 5: { t: 'i32', v: columns.length } },
        ...columns.map(schemaElement),
      ],
    },
    3: { t: 'i64', v: table.numRows },
    4: { t: 'list', elem: 'struct', v: rowGroups },
    6: { t: 'bin', v: 'selfeval-lens' },
  });
  out.bytes(meta);
  out.i32(meta.length);
  out.bytes(new TextEncoder().encode('PAR1'));
  return out.result();
}
