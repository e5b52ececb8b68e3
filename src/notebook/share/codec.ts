/**
 * Share links: the notebook state travels in the URL fragment (never sent to a server) as
 * `v1.` + base64url(deflate-raw(JSON)). Decoding is strict and bounded: a damaged or hostile link
 * yields a NotebookFormatError, never a hang or a half-read notebook.
 */
import { NotebookFormatError } from './errors';
import { parseNotebookState, type NotebookState } from './state';

const PREFIX = 'v1.';
/** Longest fragment accepted (characters); browsers and chat apps truncate well before this. */
export const MAX_FRAGMENT = 100_000;
/** Largest JSON a link may inflate to; stops deflate bombs. */
export const MAX_JSON_BYTES = 1_000_000;

function malformed(cause?: unknown): NotebookFormatError {
  return new NotebookFormatError(
    'malformed',
    '分享链接已损坏（可能被截断或改动），无法打开。请让对方重新复制完整链接。',
    'The share link is damaged (perhaps cut short or edited) and cannot be opened. Ask for the full link again.',
    { cause },
  );
}

function tooLarge(): NotebookFormatError {
  return new NotebookFormatError(
    'too-large',
    '分享链接内容过大，已拒绝打开。',
    'The share link holds too much data and was refused.',
  );
}

async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream, cap: number) {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(transform).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw malformed();
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The URL fragment (without '#') for a notebook. */
export async function encodeState(state: NotebookState): Promise<string> {
  // Re-validate so a link never carries something decodeState would refuse.
  const json = JSON.stringify(parseNotebookState(state));
  const packed = await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw'), Infinity);
  return PREFIX + toBase64Url(packed);
}

/** Reads a fragment (with or without a leading '#'); throws NotebookFormatError when it cannot. */
export async function decodeState(fragment: string): Promise<NotebookState> {
  const body = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (body.length > MAX_FRAGMENT) throw tooLarge();
  const version = /^v(\d+)\./.exec(body);
  if (!version) throw malformed();
  if (body.slice(0, version[0].length) !== PREFIX)
    throw new NotebookFormatError(
      'version',
      `此链接来自较新版本（v${version[1]}），当前版本无法打开。`,
      `This link was made by a newer version (v${version[1]}) and cannot be opened here.`,
    );
  const packed = fromBase64Url(body.slice(PREFIX.length));
  let json: unknown;
  try {
    const bytes = await pipe(packed, new DecompressionStream('deflate-raw'), MAX_JSON_BYTES);
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    if (e instanceof NotebookFormatError) throw e;
    throw malformed(e);
  }
  return parseNotebookState(json);
}

/** `baseHref` with its fragment replaced by the encoded notebook. */
export async function shareUrl(baseHref: string, state: NotebookState): Promise<string> {
  const url = new URL(baseHref);
  url.hash = await encodeState(state);
  return url.href;
}
