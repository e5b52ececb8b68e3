/**
 * Where a phrase occurs in a raw problems text, as plain text segments for <mark> — the phrase was
 * mined from the NFKC, whitespace-free form, so matching happens there and maps back to the raw
 * characters. Never HTML: the view renders each segment as text.
 */
import { matchForm } from './clauses';

export interface Segment {
  readonly text: string;
  readonly hit: boolean;
}

export function highlightSegments(raw: string, phrase: string): Segment[] {
  const needle = matchForm(phrase);
  if (!needle) return raw ? [{ text: raw, hit: false }] : [];
  // normalised[i] came from raw[from[i] … to[i]).
  let normalised = '';
  const from: number[] = [];
  const to: number[] = [];
  let at = 0;
  for (const ch of raw) {
    const form = matchForm(ch);
    for (let k = 0; k < form.length; k++) {
      from.push(at);
      to.push(at + ch.length);
    }
    normalised += form;
    at += ch.length;
  }
  const out: Segment[] = [];
  let done = 0;
  for (let i = normalised.indexOf(needle); i >= 0; i = normalised.indexOf(needle, i + needle.length)) {
    const start = from[i]!;
    const end = to[i + needle.length - 1]!;
    if (start > done) out.push({ text: raw.slice(done, start), hit: false });
    out.push({ text: raw.slice(start, end), hit: true });
    done = end;
  }
  if (done < raw.length) out.push({ text: raw.slice(done), hit: false });
  return out;
}
