/**
 * The streaming pass over a file's bytes, shared by the Web Worker (browser) and Node (tests): it
 * decodes chunk by chunk (TextDecoder stream mode), re-encodes to UTF-8 when needed, and notes the
 * facts DuckDB's reader hides — which physical lines are blank (the reader skips them silently) and
 * whether any quoted field spans lines — so every record can be given its physical line number.
 */
import { concatBytes } from './bytes';
import { decoderLabel, isUtf8, type Encoding } from './encoding';
import { FieldCheck, type FieldCheckOptions, type FieldError } from './field-check';
import { Gb18030ToUtf8 } from './gb18030';

export interface ScanResult {
  encoding: Encoding;
  /** The file as UTF-8, or null when the source already was UTF-8 (register it as is). */
  utf8: Uint8Array | null;
  /** 1-based physical lines that are empty (or only `\r`) outside quotes. */
  blankLines: number[];
  /** Physical lines in the file (a final line without newline counts). */
  lines: number;
  /** Byte offset (in the UTF-8 DuckDB reads) where each physical line starts: index 0 is line 1. */
  lineStarts: Uint32Array;
  /** Records whose quoted cells span lines, as [first line, extra lines] pairs, in file order. */
  multiline: Uint32Array;
  /** The first line of every record (blank lines are none), in file order. */
  records: Uint32Array;
  /** With a field check: the data records and those with the wrong field count (field-check.ts). */
  fields?: { records: number; errors: FieldError[]; quirky: boolean };
}

/** Thrown when bytes assumed UTF-8 turn out not to be; the caller retries as gb18030. */
export class NotUtf8Error extends Error {
  override readonly name = 'NotUtf8Error';
}

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** A growable Uint32Array (a million lines would be a million boxed numbers in a plain array). */
class U32List {
  private data = new Uint32Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }

  toArray(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Tracks lines and quote state over UTF-8 bytes fed in order: where every line starts (so a byte
 * offset DuckDB reports becomes a line number by binary search) and which records span lines (so
 * every record DuckDB returns can be given its physical line without scanning its cells in SQL).
 */
export class LineScanner {
  lines = 0;
  blankLines: number[] = [];
  private inQuotes = false;
  private lineLength = 0; // non-zero once the current line has content (`\r` does not count)
  private offset = 0; // bytes seen before the current chunk
  private readonly starts = new U32List();
  private readonly multi = new U32List();
  private readonly recordStarts = new U32List();
  private recordLine = 1; // the line the current record started on
  private extra = 0; // quoted newlines in the current record
  /** Offset just after the last newline outside quotes: the text before it is whole records. */
  boundary = 0;

  constructor(private readonly check: FieldCheck | null = null) {
    this.starts.push(0);
  }

  /**
   * Jumps from newline to newline (and quote to quote) with indexOf, which is native and fast: a
   * byte-by-byte loop over a 400 MB file took 4 s, this takes a fraction of that.
   */
  push(bytes: Uint8Array): void {
    const n = bytes.length;
    let i = 0;
    let q = bytes.indexOf(QUOTE); // the next quote at or after i, or -1 when none is left
    let nl = bytes.indexOf(NL); // the next newline at or after i, or -1
    const check = this.check;
    check?.chunk(bytes);
    while (i < n) {
      if (q !== -1 && q < i) q = bytes.indexOf(QUOTE, i);
      if (nl !== -1 && nl < i) nl = bytes.indexOf(NL, i);
      if (this.inQuotes) {
        // Newlines before the closing quote are inside the cell. Doubled quotes ("") close and
        // reopen, so parity alone tells whether we are inside a quoted field.
        const end = q === -1 ? n : q;
        while (nl !== -1 && nl < end) {
          this.lineBreak(nl, true, bytes);
          nl = bytes.indexOf(NL, nl + 1);
        }
        if (q === -1) break;
        this.inQuotes = false;
        check?.close(bytes, q);
        i = q + 1;
      } else if (q !== -1 && (nl === -1 || q < nl)) {
        this.lineLength++; // the quote itself is content
        this.inQuotes = true;
        check?.unquoted(bytes, i, q);
        check?.open(bytes, q);
        i = q + 1;
      } else {
        const end = nl === -1 ? n : nl;
        check?.unquoted(bytes, i, end);
        // Only "empty or not" matters, and a `\r` alone does not make a line non-empty.
        for (let k = i; this.lineLength === 0 && k < end; k++) if (bytes[k] !== CR) this.lineLength++;
        if (nl === -1) break;
        this.lineBreak(nl, false, bytes);
        i = nl + 1;
      }
    }
    check?.chunkEnd(bytes);
    this.offset += n;
  }

  private lineBreak(at: number, quoted: boolean, bytes: Uint8Array): void {
    this.lines++;
    this.starts.push(this.offset + at + 1);
    if (quoted) {
      this.extra++;
      return;
    }
    this.boundary = this.offset + at + 1;
    if (this.lineLength === 0 && this.extra === 0) {
      this.blankLines.push(this.lines);
      this.check?.blank(at, this.offset + at + 1);
    } else {
      this.recordStarts.push(this.recordLine);
      this.check?.recordEnd(bytes, at, this.recordLine, this.offset + at + 1);
    }
    if (this.extra > 0) {
      this.multi.push(this.recordLine);
      this.multi.push(this.extra);
      this.extra = 0;
    }
    this.recordLine = this.lines + 1;
    this.lineLength = 0;
  }

  finish(): void {
    // A last line without a newline still counts as a line.
    if (this.lineLength > 0 || this.extra > 0) {
      this.lines++;
      this.recordStarts.push(this.recordLine);
      this.check?.finish(this.recordLine);
    }
    if (this.extra > 0) {
      this.multi.push(this.recordLine);
      this.multi.push(this.extra);
    }
  }

  get lineStarts(): Uint32Array {
    // The entry after the last newline is a line only when bytes follow it.
    return this.starts.toArray().subarray(0, Math.max(1, this.lines));
  }

  /** True when some quoted field contains a newline (multi-line cells). */
  get quotedNewlines(): boolean {
    return this.multi.length > 0 || this.extra > 0;
  }

  get multiline(): Uint32Array {
    return this.multi.toArray();
  }

  get records(): Uint32Array {
    return this.recordStarts.toArray();
  }
}

const EMPTY = new Uint8Array(0);

/**
 * Decodes chunks of `encoding` and returns them as UTF-8 bytes. UTF-8 input is only validated
 * (strictly) and yields nothing: the source bytes are already what DuckDB reads.
 */
export class ChunkTranscoder {
  private readonly decoder: TextDecoder;
  private readonly encoder = new TextEncoder();
  private readonly validateOnly: boolean;
  /** UTF-8 taken as it is: neither decoded nor checked. */
  private readonly passThrough: boolean;
  /** GB18030 has its own fast path (TextDecoder's is slow in Chromium). */
  private readonly gb18030: Gb18030ToUtf8 | null;

  /** `validate` false: UTF-8 input is taken as it is (the caller checks it another way). */
  constructor(
    readonly encoding: Encoding,
    validate = true,
  ) {
    this.validateOnly = isUtf8(encoding);
    this.passThrough = this.validateOnly && !validate;
    this.decoder = new TextDecoder(decoderLabel(encoding), { fatal: this.validateOnly });
    this.gb18030 = encoding === 'gb18030' ? new Gb18030ToUtf8() : null;
  }

  push(chunk: Uint8Array): Uint8Array {
    if (this.gb18030) return this.gb18030.push(chunk);
    if (this.passThrough) return EMPTY;
    const text = this.decode(chunk, true);
    return this.validateOnly ? EMPTY : this.encoder.encode(text);
  }

  finish(): Uint8Array {
    if (this.gb18030) return this.gb18030.finish();
    if (this.passThrough) return EMPTY;
    const text = this.decode(EMPTY, false);
    return this.validateOnly ? EMPTY : this.encoder.encode(text);
  }

  private decode(chunk: Uint8Array, stream: boolean): string {
    try {
      return this.decoder.decode(chunk, { stream });
    } catch {
      throw new NotUtf8Error('The bytes are not valid UTF-8.');
    }
  }
}

export const CHUNK_BYTES = 4 << 20;

/**
 * Collects UTF-8 output and hands it out in pieces that end on a record boundary (a newline outside
 * quotes), so each piece is a CSV of whole records. Each piece is a fresh buffer (it is transferred).
 */
class Pieces {
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  /** Offset of the first held byte in the whole output. */
  private start = 0;

  private emitted = 0;

  constructor(
    private readonly minBytes: number,
    private readonly emit: (piece: Uint8Array) => void,
    private readonly prefix: Uint8Array = new Uint8Array(0),
  ) {}

  /** `boundary`: the offset after the last record boundary seen so far (LineScanner.boundary). */
  push(bytes: Uint8Array, boundary: number): void {
    if (bytes.length) {
      this.held.push(bytes);
      this.heldBytes += bytes.length;
    }
    const cut = boundary - this.start;
    if (cut >= this.minBytes) this.cut(cut);
  }

  finish(): void {
    if (this.heldBytes) this.cut(this.heldBytes);
  }

  private cut(n: number): void {
    const prefix: Uint8Array = this.emitted++ ? this.prefix : new Uint8Array(0);
    const piece = new Uint8Array(prefix.length + n);
    piece.set(prefix);
    let at = prefix.length;
    const rest: Uint8Array[] = [];
    for (const part of this.held) {
      const take = Math.min(part.length, prefix.length + n - at);
      if (take > 0) piece.set(take === part.length ? part : part.subarray(0, take), at);
      at += take;
      if (take < part.length) rest.push(part.slice(take));
    }
    this.held = rest;
    this.heldBytes -= n;
    this.start += n;
    this.emit(piece);
  }
}

export interface ScanOptions {
  /** Count each data record's fields (field-check.ts). */
  fieldCheck?: FieldCheckOptions;
  /**
   * Check that UTF-8 input is valid (default). Off when DuckDB reads the file at the same time: it
   * drops rows with invalid bytes, the row count then disagrees, and the file is scanned again with
   * the check on.
   */
  validate?: boolean;
  /**
   * Transcoded input only: hand the UTF-8 out in pieces of whole records, each at least this many
   * bytes (the last one whatever is left), to scanChunks' `onPiece`, so DuckDB reads the first
   * pieces while later ones are still being transcoded. The result's `utf8` is then null.
   */
  pieceBytes?: number;
  /**
   * Bytes put before every piece but the first (the header line): DuckDB's reader finds a piece's
   * line ends from its first lines, and a piece that starts with a quoted cell holding a bare \n in
   * a \r\n file was read as no rows at all.
   */
  piecePrefix?: Uint8Array;
}

/** Pieces of ~32 MB: a few dozen reads for a 400 MB file, each started well before the scan ends. */
export const PIECE_BYTES = 32 << 20;

/**
 * One pass over the chunks. UTF-8 input is validated and scanned but not copied; anything else is
 * transcoded into one UTF-8 buffer. Throws NotUtf8Error when UTF-8 input holds an invalid sequence.
 */
export async function scanChunks(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  encoding: Encoding,
  totalBytes: number,
  onProgress?: (fraction: number) => void,
  scan: ScanOptions = {},
  onPiece?: (utf8: Uint8Array) => void,
): Promise<ScanResult> {
  const transcoder = new ChunkTranscoder(encoding, scan.validate ?? true);
  const check = scan.fieldCheck ? new FieldCheck(scan.fieldCheck) : null;
  const scanner = new LineScanner(check);
  const copy = !isUtf8(encoding);
  const pieces =
    copy && onPiece && scan.pieceBytes ? new Pieces(scan.pieceBytes, onPiece, scan.piecePrefix) : null;
  const parts: Uint8Array[] = [];
  let seen = 0;
  const take = (utf8: Uint8Array) => {
    if (!copy) return;
    scanner.push(utf8);
    if (pieces) pieces.push(utf8, scanner.boundary);
    else parts.push(utf8);
  };
  for await (const chunk of chunks) {
    const utf8 = transcoder.push(chunk);
    if (copy) take(utf8);
    else scanner.push(chunk); // the raw bytes are the UTF-8 DuckDB will read
    seen += chunk.length;
    onProgress?.(totalBytes ? seen / totalBytes : 1);
  }
  take(transcoder.finish());
  scanner.finish();
  pieces?.finish();
  return {
    encoding,
    utf8: copy && !pieces ? concatBytes(parts) : null,
    blankLines: scanner.blankLines,
    lines: scanner.lines,
    lineStarts: scanner.lineStarts,
    multiline: scanner.multiline,
    records: scanner.records,
    ...(check && { fields: { records: check.records, errors: check.errors, quirky: check.quirky } }),
  };
}

/** Splits a buffer into chunks (Node path and tests). */
export function* chunksOf(bytes: Uint8Array, size = CHUNK_BYTES): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}
