import { describe, expect, it } from 'vitest';
import { highlightSegments } from './highlight';

const show = (raw: string, phrase: string) =>
  highlightSegments(raw, phrase)
    .map((s) => (s.hit ? `[${s.text}]` : s.text))
    .join('');

describe('highlightSegments', () => {
  it.each([
    [
      'plain',
      '一是绩效管理认识不够；二是队伍建设有待加强',
      '队伍建设有待加强',
      '一是绩效管理认识不够；二是[队伍建设有待加强]',
    ],
    ['every occurrence', '认识不够，认识不够', '认识不够', '[认识不够]，[认识不够]'],
    ['across spaces in the raw text', '绩效 管理认识不够', '绩效管理认识不够', '[绩效 管理认识不够]'],
    // The phrase was mined after NFKC: its 、 and the raw full-width ，map to each other.
    ['full-width raw, NFKC phrase', '量化，细化不够', '量化,细化不够', '[量化，细化不够]'],
    ['not found', '绩效管理认识不够', '队伍建设', '绩效管理认识不够'],
    ['markup stays text', '<b>绩效管理认识不够</b>', '认识不够', '<b>绩效管理[认识不够]</b>'],
  ])('%s', (_, raw, phrase, expected) => {
    expect(show(raw, phrase)).toBe(expected);
  });

  it('keeps every character of the raw text', () => {
    const raw = '（一）绩效管理认识不够 （二）队伍建设有待加强。';
    expect(
      highlightSegments(raw, '队伍建设有待加强')
        .map((s) => s.text)
        .join(''),
    ).toBe(raw);
  });
});
