/**
 * Where a file's bytes come from, and who runs the streaming scan/transcode. In the browser the scan
 * runs in a Web Worker so a 150 MB GBK file does not freeze the page; in Node it runs in-process.
 */
import type { Encoding } from './encoding';
import { chunksOf, NotUtf8Error, scanChunks, type ScanOptions, type ScanResult } from './transcode';
import type { ScanReply, ScanRequest } from './transcode.worker';

export interface IngestSource {
  name: string;
  size: number;
  bytes(): Promise<Uint8Array>;
  /** The first `n` bytes (the sniffing sample), without reading the whole file. */
  head?(n: number): Promise<Uint8Array>;
  /** The browser File itself: registered with DuckDB without a copy when it is UTF-8. */
  file?: File;
}

/** A browser File as an IngestSource. */
export function fromFile(file: File): IngestSource {
  return {
    name: file.name,
    size: file.size,
    file,
    bytes: async () => new Uint8Array(await file.arrayBuffer()),
    head: async (n) => new Uint8Array(await file.slice(0, n).arrayBuffer()),
  };
}

/** Bytes in memory as an IngestSource (tests, Node scripts). */
export function fromBytes(name: string, bytes: Uint8Array): IngestSource {
  return {
    name,
    size: bytes.length,
    bytes: async () => bytes,
    head: async (n) => bytes.subarray(0, n),
  };
}

/** Streams the source through scanChunks; throws NotUtf8Error when UTF-8 was a wrong guess. */
export type Transcoder = (
  src: IngestSource,
  encoding: Encoding,
  onProgress: (fraction: number) => void,
  scan?: ScanOptions,
  /** With `scan.pieceBytes`: each piece of transcoded UTF-8, in order, as soon as it is ready. */
  onPiece?: (utf8: Uint8Array) => void,
) => Promise<ScanResult>;

/** Runs the scan on this thread (Node, tests). */
export const inProcessTranscoder: Transcoder = async (src, encoding, onProgress, scan, onPiece) =>
  scanChunks(chunksOf(await src.bytes()), encoding, src.size, onProgress, scan, onPiece);

let nextId = 1;

/**
 * Runs the scan in a module worker, one worker per file, terminated when done. Rejects (never hangs)
 * when the worker dies.
 */
export const workerTranscoder: Transcoder = (src, encoding, onProgress, scan, onPiece) => {
  if (!src.file) return inProcessTranscoder(src, encoding, onProgress, scan, onPiece);
  const file = src.file;
  const worker = new Worker(new URL('./transcode.worker.ts', import.meta.url), { type: 'module' });
  const id = nextId++;
  return new Promise<ScanResult>((resolve, reject) => {
    const done = () => worker.terminate();
    worker.onmessage = (event: MessageEvent<ScanReply>) => {
      const reply = event.data;
      if (reply.id !== id) return;
      if (reply.type === 'progress') onProgress(reply.fraction);
      else if (reply.type === 'piece') onPiece?.(reply.utf8);
      else if (reply.type === 'done') {
        done();
        resolve(reply.result);
      } else {
        done();
        reject(reply.name === 'NotUtf8Error' ? new NotUtf8Error(reply.message) : new Error(reply.message));
      }
    };
    worker.onerror = (event) => {
      done();
      reject(new Error(`The transcoding worker failed: ${event.message || 'unknown error'}`));
    };
    const request: ScanRequest = { type: 'scan', id, file, encoding, scan };
    worker.postMessage(request);
  });
};

/** The worker in a browser with a File, the in-process scan otherwise. */
export const defaultTranscoder: Transcoder = (src, encoding, onProgress, scan, onPiece) =>
  src.file && typeof Worker !== 'undefined'
    ? workerTranscoder(src, encoding, onProgress, scan, onPiece)
    : inProcessTranscoder(src, encoding, onProgress, scan, onPiece);
