/**
 * Chinese word segmentation with the runtime's ICU dictionary (Intl.Segmenter). Node with full-icu
 * and every current browser segment 绩效目标设置不够科学合理 as 绩效|目标|设置|不够|科学|合理.
 */

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

export interface Token {
  readonly text: string;
  /** False for punctuation and whitespace. */
  readonly wordLike: boolean;
}

/** The tokens of one prepared text; a '\n' token separates clauses. */
export function segmentText(prepared: string): Token[] {
  const out: Token[] = [];
  for (const s of segmenter.segment(prepared)) out.push({ text: s.segment, wordLike: s.isWordLike === true });
  return out;
}

/**
 * Words that say how much or which part, not what the problem is: a phrase never starts or ends with
 * one (部分项目绩效目标… counts with 绩效目标…), but one inside a phrase stays (有待进一步提高).
 */
export const EDGE_WORDS: ReadonlySet<string> = new Set([
  '一是',
  '部分',
  '个别',
  '进一步',
  '还',
  '仍',
  '仍然',
  '的',
  '了',
  '和',
  '与',
  '及',
  '等',
  '也',
  '都',
  '均',
  '但',
  '而',
  '在',
  '对',
  '一些',
  '有些',
]);

/** True when a token may not stand at a phrase edge. */
export function isEdgeToken(token: Token): boolean {
  return !token.wordLike || EDGE_WORDS.has(token.text);
}
