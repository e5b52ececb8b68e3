/**
 * Finds the records DuckDB's strict reader will reject for their field count, while the scanner
 * passes over the bytes anyway. DuckDB keeps its own list of rejected rows only when asked to store
 * them, and that costs 40 % of the read (4 s of 10 at a million rows in duckdb-wasm); with this
 * prediction the read skips it. The prediction is trusted only when DuckDB's row count agrees and
 * every quote sat where RFC 4180 puts it (see `quirky`); otherwise the file is read again with
 * DuckDB's rejects stored.
 */
export interface FieldCheckOptions {
  /** The delimiter (one byte: comma, tab, semicolon). */
  delimiter: string;
  /** Fields in the header. */
  columns: number;
  /** First physical line after the header: records from here on are data DuckDB reads. */
  fromLine: number;
}

/** A record with the wrong field count, as DuckDB's rejects table would describe it. */
export interface FieldError {
  /** Byte offset of the record's first line (DuckDB's line_byte_position). */
  pos: number;
  /** Its first physical line. */
  line: number;
  found: number;
  /** The record as written, without its final newline. */
  text: string;
}

import { concatBytes } from './bytes';

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

export class FieldCheck {
  readonly errors: FieldError[] = [];
  /** Records from fromLine on (blank lines are none): what DuckDB returns plus what it rejects. */
  records = 0;
  /**
   * A quote opened inside a field or a closing quote not followed by a delimiter or line end: DuckDB's
   * strict reader judges such records by its own rules, so the prediction is not trusted.
   */
  quirky = false;
  private readonly delimiter: number;
  private fields = 1;
  /** The current record's first bytes from earlier chunks (only while it spans a chunk boundary). */
  private carry: Uint8Array[] = [];
  /** Where the current record starts in the current chunk; -1 when it started in an earlier one. */
  private startInChunk = 0;
  private recordPos = 0;
  /** The byte before the current chunk (a quote's left neighbour may be there). */
  private before = NL;
  /** A quote closed at the very end of the previous chunk: its right neighbour is this chunk's first byte. */
  private closedAtEnd = false;
  private readonly decoder = new TextDecoder();

  constructor(private readonly o: FieldCheckOptions) {
    this.delimiter = o.delimiter.charCodeAt(0);
  }

  /** A new chunk starts. */
  chunk(bytes: Uint8Array): void {
    if (this.closedAtEnd && bytes.length) {
      this.closedAtEnd = false;
      this.checkAfterClose(bytes[0]!);
    }
  }

  /** Unquoted bytes [from, to) of the current record: count its delimiters. */
  unquoted(bytes: Uint8Array, from: number, to: number): void {
    // Four bytes at a time where the chunk is 4-byte aligned. Delimiters sit every few bytes, so an
    // indexOf call per delimiter cost most (over a 400 MB file in Node: 1.4 s; byte by byte 0.9 s).
    const d = this.delimiter;
    let fields = this.fields;
    let k = from;
    const words = this.words(bytes);
    if (words) {
      for (; k < to && k & 3; k++) if (bytes[k] === d) fields++;
      const pattern = Math.imul(d, 0x01010101);
      for (let w = k >> 2, end = to >> 2; w < end; w++) {
        // Bytes equal to d become zero; the high bit of each non-zero byte is set in t.
        const x = words[w]! ^ pattern;
        const t = (((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080;
        fields += 4 - (Math.imul(t >>> 7, 0x01010101) >>> 24);
      }
      k = Math.max(k, (to >> 2) << 2);
    }
    for (; k < to; k++) if (bytes[k] === d) fields++;
    this.fields = fields;
  }

  private wordsOf: Uint8Array | null = null;
  private wordView: Uint32Array | null = null;

  /** The chunk as 32-bit words (little or big endian: only counts matter), or null when unaligned. */
  private words(bytes: Uint8Array): Uint32Array | null {
    if (this.wordsOf !== bytes) {
      this.wordsOf = bytes;
      this.wordView =
        bytes.byteOffset % 4 === 0
          ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2)
          : null;
    }
    return this.wordView;
  }

  /** A quote opens at `at`: fine at a field's start or right after a closing quote (an escaped ""). */
  open(bytes: Uint8Array, at: number): void {
    const prev = at > 0 ? bytes[at - 1]! : this.before;
    if (prev !== this.delimiter && prev !== NL && prev !== QUOTE && prev !== CR) this.quirky = true;
  }

  /** A quote closes at `at`. */
  close(bytes: Uint8Array, at: number): void {
    if (at + 1 < bytes.length) this.checkAfterClose(bytes[at + 1]!);
    else this.closedAtEnd = true;
  }

  private checkAfterClose(next: number): void {
    if (next !== this.delimiter && next !== NL && next !== CR && next !== QUOTE) this.quirky = true;
  }

  /**
   * A record ended at the newline `at` (or at the end of the file, `at` = the chunk's length);
   * `line` is its first line, `pos` the global offset of the byte after the newline.
   */
  recordEnd(bytes: Uint8Array, at: number, line: number, next: number): void {
    if (line >= this.o.fromLine) {
      this.records++;
      if (this.fields !== this.o.columns) {
        const tail = bytes.subarray(this.startInChunk === -1 ? 0 : this.startInChunk, at);
        let text = this.decoder.decode(this.carry.length ? concatBytes([...this.carry, tail]) : tail);
        if (text.endsWith('\r')) text = text.slice(0, -1);
        this.errors.push({ pos: this.recordPos, line, found: this.fields, text });
      }
    }
    this.fields = 1;
    this.carry = [];
    this.startInChunk = at + 1;
    this.recordPos = next;
  }

  /** A blank line at `at` is no record; the next record starts after it. */
  blank(at: number, next: number): void {
    this.carry = [];
    this.startInChunk = at + 1;
    this.recordPos = next;
  }

  /** The chunk is done: keep the unfinished record's bytes, in case it turns out to be rejected. */
  chunkEnd(bytes: Uint8Array): void {
    const from = this.startInChunk === -1 ? 0 : this.startInChunk;
    if (from < bytes.length) this.carry.push(bytes.slice(from));
    this.startInChunk = -1;
    if (bytes.length) this.before = bytes[bytes.length - 1]!;
  }

  /** The file ended inside a record (a last line without a final newline): it is a record too. */
  finish(line: number): void {
    this.recordEnd(new Uint8Array(0), 0, line, this.recordPos);
  }
}
