/**
 * Just enough of Thrift's compact protocol to write Parquet metadata: structs of integers,
 * strings, booleans, lists and nested structs. Fields are written in ascending id order.
 */
export type ThriftValue =
  | { t: 'i32'; v: number }
  | { t: 'i64'; v: number | bigint }
  | { t: 'bin'; v: string | Uint8Array }
  | { t: 'bool'; v: boolean }
  | { t: 'struct'; v: ThriftStruct }
  | { t: 'list'; elem: 'i32' | 'bin' | 'struct'; v: (number | string | ThriftStruct)[] };

/** Field id → value; undefined fields are skipped (optional and absent). */
export type ThriftStruct = Record<number, ThriftValue | undefined>;

const TYPE = { bool: 1, i32: 5, i64: 6, bin: 8, list: 9, struct: 12 } as const;

export class ThriftWriter {
  private bytes: number[] = [];

  varint(n: bigint): void {
    let v = n;
    while (v >= 0x80n) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }

  zigzag(n: number | bigint): void {
    const v = BigInt(n);
    this.varint(v >= 0n ? v << 1n : (-v << 1n) - 1n);
  }

  binary(v: string | Uint8Array): void {
    const b = typeof v === 'string' ? new TextEncoder().encode(v) : v;
    this.varint(BigInt(b.length));
    for (const x of b) this.bytes.push(x);
  }

  struct(s: ThriftStruct): void {
    let last = 0;
    const ids = Object.keys(s)
      .map(Number)
      .sort((a, b) => a - b);
    for (const id of ids) {
      const field = s[id];
      if (!field) continue;
      const type = field.t === 'bool' ? (field.v ? 1 : 2) : TYPE[field.t];
      const delta = id - last;
      if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
      else {
        this.bytes.push(type);
        this.zigzag(id);
      }
      last = id;
      this.value(field);
    }
    this.bytes.push(0); // STOP
  }

  private value(field: ThriftValue): void {
    switch (field.t) {
      case 'bool':
        return; // Carried in the field header.
      case 'i32':
      case 'i64':
        return this.zigzag(field.v);
      case 'bin':
        return this.binary(field.v);
      case 'struct':
        return this.struct(field.v);
      case 'list': {
        const n = field.v.length;
        const et = TYPE[field.elem];
        if (n < 15) this.bytes.push((n << 4) | et);
        else {
          this.bytes.push(0xf0 | et);
          this.varint(BigInt(n));
        }
        for (const item of field.v) {
          if (field.elem === 'i32') this.zigzag(item as number);
          else if (field.elem === 'bin') this.binary(item as string);
          else this.struct(item as ThriftStruct);
        }
      }
    }
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

export function thriftStruct(s: ThriftStruct): Uint8Array {
  const w = new ThriftWriter();
  w.struct(s);
  return w.finish();
}
