/**
 * Problems texts (存在的问题) → clauses. Exports number their points in every style (一是…；二是…,
 * 1.…2.…, （一）…, ①…) and mix full-width and half-width forms; phrase mining and the copied-text
 * check both work on the same prepared form so they agree on what "the same words" means.
 */

const CN = '[一二三四五六七八九十]{1,3}';
// A Chinese numeral marker only counts at a clause start (text start, punctuation or whitespace
// before it), so 统一、规范 keeps its 一.
const AT_START = '(?<=^|[\\s\\p{P}])';

/** List markers, matched after NFKC (so （一） is already (一) and １． is 1.). */
const MARKERS = new RegExp(
  [
    `\\(\\s*(?:${CN}|\\d{1,2})\\s*\\)`, // (一) (1)
    `${AT_START}(?:${CN}|\\d{1,2})\\)`, // 一) 1)
    `${AT_START}${CN}(?:是|、|\\.|,)`, // 一是 一、 一. 一,
    `${AT_START}第${CN}(?:[,、:.]|是)`, // 第一, 第二是
    `${AT_START}其${CN}(?:[,、:.]|是)?`, // 其一,
    // 1. 2、 — also glued to the previous sentence (…起草1.对…), but never a decimal (5.00, 6. 00)
    // or the tail of a longer number (2020.).
    `(?<!\\d)\\d{1,2}\\s*[.、](?!\\s*\\d)`,
  ].join('|'),
  'gu',
);

/** Circled numbers (①, ❶) become plain digits under NFKC, so they are cut before it. */
const CIRCLED = /[\u2460-\u2473\u24EA-\u24FF\u2776-\u2793]/gu;

/** Clause ends: sentence punctuation, the colon that opens a list, line breaks. */
const CLAUSE_END = /[。;!?:\n\r]+/gu;

/** Word-processor residue seen in extracted reports: [bookmark: _Toc3359]. */
const JUNK = /\[bookmark:[^\]]*\]/gu;

const NON_ASCII = '[^\\x00-\\x7f]';
const SPACE_NEXT_TO_CJK = new RegExp(`[ \\t]+(?=${NON_ASCII})|(?<=${NON_ASCII})[ \\t]+`, 'gu');

/**
 * The prepared text: NFKC, markers stripped, clauses separated by '\n', spaces between Chinese
 * characters removed (PDF extraction inserts them), other whitespace runs collapsed to one space.
 */
export function prepareText(raw: string): string {
  return raw
    .replace(JUNK, '')
    .replace(CIRCLED, '\n')
    .normalize('NFKC')
    .replace(/[ \t\f\v\u00a0\u3000]+/gu, ' ')
    .replace(MARKERS, '\n')
    .replace(CLAUSE_END, '\n')
    .replace(SPACE_NEXT_TO_CJK, '')
    .replace(/ *\n[\n ]*/gu, '\n')
    .trim();
}

/** The clauses of a problems text, markers stripped, empty ones dropped. */
export function splitClauses(raw: string): string[] {
  return prepareText(raw)
    .split('\n')
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
}

/**
 * Two texts are copies when their keys are equal: the same clauses in the same order once NFKC,
 * whitespace, list markers and the punctuation between clauses are set aside.
 */
export function copyKey(prepared: string): string {
  return prepared.replace(/\s+/gu, (s) => (s.includes('\n') ? '\n' : '')).replace(/^\n+|\n+$/gu, '');
}

/** The form a phrase is searched in for highlighting: NFKC without any whitespace. */
export function matchForm(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}
