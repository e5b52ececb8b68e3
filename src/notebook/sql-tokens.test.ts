import { describe, expect, it } from 'vitest';
import { completions, tokenize, wordBefore } from './sql-tokens';

describe('tokenize', () => {
  it('covers every character exactly once', () => {
    const sql = `SELECT unit, "自评 得分" -- 注释\nFROM evaluations WHERE grade = '优''' AND score >= 90.5 /* x */;`;
    expect(
      tokenize(sql)
        .map((t) => t.text)
        .join(''),
    ).toBe(sql);
  });

  it.each([
    ['SELECT', 'keyword'],
    ['evaluations', 'ident'],
    ['单位名称', 'ident'],
    ["'it''s'", 'string'],
    ['"col name"', 'quoted'],
    ['73.68', 'number'],
    ['-- note', 'comment'],
    ['/* a\nb */', 'comment'],
  ])('%s is a %s', (text, kind) => {
    expect(tokenize(text)).toEqual([{ text, kind }]);
  });

  it('keeps an unterminated string as one token to the end', () => {
    expect(tokenize("'abc")).toEqual([{ text: "'abc", kind: 'string' }]);
  });
});

describe('completion', () => {
  it('finds the word before the caret, including CJK', () => {
    expect(wordBefore('SELECT * FROM eva', 17)).toBe('eva');
    expect(wordBefore('SELECT 单位', 9)).toBe('单位');
    expect(wordBefore('SELECT * ', 9)).toBe('');
  });
  it('puts prefix matches first', () => {
    expect(completions('ev', ['review_score', 'evaluations'])).toEqual(['evaluations', 'review_score']);
  });
  it('offers nothing once the word is a known name or a keyword', () => {
    expect(completions('unit', ['unit', 'unit_list'])).toEqual([]);
    expect(completions('FROM', ['from_date'])).toEqual([]);
  });
});
