import { describe, expect, it } from 'vitest';
import { minePhrases, miningInputFrom } from './mine';
import { segmentText } from './segment';

type Row = { unit: string; problems: string };
const mine = (rows: Row[], options = {}) =>
  minePhrases(miningInputFrom(rows), options).phrases.map((p) => [p.text, p.units]);

describe('segmentText (ICU in Node)', () => {
  it.each([
    ['绩效目标设置不够科学合理', '绩效|目标|设置|不够|科学|合理'],
    ['预算执行率有待进一步提高', '预算|执行|率|有待|进一步|提高'],
    ['量化、细化不够', '量化|、|细|化|不够'],
  ])('%s', (text, words) => {
    expect(
      segmentText(text)
        .map((t) => t.text)
        .join('|'),
    ).toBe(words);
  });
});

describe('minePhrases', () => {
  it('finds the boilerplate of realistic 存在的问题 texts, counted by units', () => {
    // By hand: 绩效管理认识不够 in C, D, E; 绩效目标设置不够科学合理 in A, B; 预算执行率有待进一步提高
    // in A, E; 队伍建设有待加强 in B, C. Every shorter shared n-gram (绩效目标, 有待加强, 认识不够 …)
    // is inside one of these with the same units, so it is not reported. Ties (2 units) go longer
    // first (6 words, 6 words, 4 words), then by text.
    expect(
      mine([
        { unit: 'A', problems: '一是绩效目标设置不够科学合理；二是预算执行率有待进一步提高。' },
        { unit: 'B', problems: '1.部分项目绩效目标设置不够科学合理；2.队伍建设有待加强' },
        { unit: 'C', problems: '（一）绩效管理认识不够（二）队伍建设有待加强' },
        { unit: 'D', problems: '绩效管理认识不够，在填报项目支出时不够细化分解、量化。' },
        { unit: 'E', problems: '预算执行率有待进一步提高；绩效管理认识不够' },
      ]),
    ).toEqual([
      ['绩效管理认识不够', 3],
      ['绩效目标设置不够科学合理', 2],
      ['预算执行率有待进一步提高', 2],
      ['队伍建设有待加强', 2],
    ]);
  });

  it.each<[string, Row[], [string, number][]]>([
    [
      // F repeats the clause 5 times (raw frequency 6 with G) but is one unit: 有待加强 has 2 units,
      // 队伍建设有待加强 only 1.
      'a phrase repeated by one unit counts once',
      [
        { unit: 'F', problems: Array(5).fill('队伍建设有待加强').join('；') },
        { unit: 'G', problems: '资产管理有待加强' },
      ],
      [['有待加强', 2]],
    ],
    [
      'one unit in several years and texts is still one unit',
      [
        { unit: 'A', problems: '绩效管理认识不够' },
        { unit: 'A', problems: '1.绩效管理认识不够。' },
      ],
      [],
    ],
    [
      // 绩效目标: A, B, C, D (4); the longer phrase: A, B (2). C and D use 绩效目标 outside it, so
      // both are kept.
      'a shorter phrase two units use on its own is kept beside the longer one',
      [
        { unit: 'A', problems: '绩效目标设置不够科学合理' },
        { unit: 'B', problems: '绩效目标设置不够科学合理' },
        { unit: 'C', problems: '绩效目标不明确' },
        { unit: 'D', problems: '绩效目标偏低' },
      ],
      [
        ['绩效目标', 4],
        ['绩效目标设置不够科学合理', 2],
      ],
    ],
    [
      // 绩效目标: A, B, C (3) — maximal, but only C uses it outside the longer phrase: dropped.
      'a fragment used on its own by one unit is dropped',
      [
        { unit: 'A', problems: '绩效目标设置不够科学合理' },
        { unit: 'B', problems: '绩效目标设置不够科学合理' },
        { unit: 'C', problems: '绩效目标不明确' },
      ],
      [['绩效目标设置不够科学合理', 2]],
    ],
    [
      'edge words are trimmed: 部分 / 个别 at the start',
      [
        { unit: 'A', problems: '部分项目资金使用效率不高' },
        { unit: 'B', problems: '个别项目资金使用效率不高' },
      ],
      [['项目资金使用效率不高', 2]],
    ],
    [
      'edge words are trimmed: 进一步 at the start, 的 at the end',
      [
        { unit: 'A', problems: '进一步加强队伍建设的' },
        { unit: 'B', problems: '加强队伍建设的' },
      ],
      [['加强队伍建设', 2]],
    ],
    [
      // 的 and 进一步 inside a phrase stay; only the leading 部分 goes.
      'edge words inside a phrase stay',
      [
        { unit: 'A', problems: '项目的绩效目标有待进一步提高' },
        { unit: 'B', problems: '部分项目的绩效目标有待进一步提高' },
      ],
      [['项目的绩效目标有待进一步提高', 2]],
    ],
    [
      'shorter than 4 characters is not a phrase',
      [
        { unit: 'A', problems: '制度不健全' },
        { unit: 'B', problems: '管理不健全' },
      ],
      [],
    ],
  ])('%s', (_, rows, expected) => {
    expect(mine(rows)).toEqual(expected);
  });

  it('keeps every maximal phrase with ownUnits off', () => {
    const rows = [
      { unit: 'A', problems: '绩效目标设置不够科学合理' },
      { unit: 'B', problems: '绩效目标设置不够科学合理' },
      { unit: 'C', problems: '绩效目标不明确' },
    ];
    // 绩效目标 (3 units) differs in count from its longer phrase (2), so it is maximal.
    expect(mine(rows, { ownUnits: false })).toEqual([
      ['绩效目标', 3],
      ['绩效目标设置不够科学合理', 2],
    ]);
  });

  it('keeps a boilerplate clause longer than 8 words whole', () => {
    // 考核|标准|、|考核|条件|过于|简单|和|笼统: 9 words, used by A and B.
    const rows = [
      { unit: 'A', problems: '一是考核标准、考核条件过于简单和笼统。' },
      { unit: 'B', problems: '考核标准、考核条件过于简单和笼统' },
    ];
    expect(mine(rows)).toEqual([['考核标准、考核条件过于简单和笼统', 2]]);
    // With the 8-word cap of the first design: two overlapping windows.
    expect(mine(rows, { maxTokens: 8 })).toEqual([
      ['标准、考核条件过于简单和笼统', 2],
      ['考核标准、考核条件过于简单', 2],
    ]);
  });

  it('honours minUnits', () => {
    const rows = ['A', 'B', 'C'].map((unit) => ({ unit, problems: '绩效管理认识不够' }));
    expect(mine(rows, { minUnits: 3 })).toEqual([['绩效管理认识不够', 3]]);
    expect(mine(rows, { minUnits: 4 })).toEqual([]);
  });

  it('lists the phrases of every text', () => {
    const mined = minePhrases(
      miningInputFrom([
        { unit: 'A', problems: '绩效管理认识不够；队伍建设有待加强' },
        { unit: 'B', problems: '队伍建设有待加强' },
        { unit: 'C', problems: '绩效管理认识不够' },
        { unit: 'C', problems: '无' },
      ]),
    );
    // 绩效管理认识不够 (A, C) and 队伍建设有待加强 (A, B): 2 units, 4 words each, then by text.
    expect(mined.phrases.map((p) => p.text)).toEqual(['绩效管理认识不够', '队伍建设有待加强']);
    const perText = [0, 1, 2, 3].map((t) => [
      ...mined.textPhrases.subarray(mined.textOffsets[t], mined.textOffsets[t + 1]),
    ]);
    expect(perText).toEqual([[0, 1], [1], [0], []]);
  });

  it('groups texts that are copies after normalisation', () => {
    const mined = minePhrases(
      miningInputFrom([
        { unit: 'A', problems: '一是绩效管理认识不够；二是队伍建设有待加强。' },
        { unit: 'B', problems: '1.绩效管理认识不够\n2.队伍建设有待加强' },
        { unit: 'C', problems: '绩效管理认识不够' },
        { unit: 'D', problems: '无' },
        { unit: 'E', problems: '（一）绩效管理 认识不够' },
      ]),
    );
    // A and B: same two clauses; C and E: same one clause; 无 is too short to be a copy.
    expect([...mined.copyGroups]).toEqual([0, 0, 1, -1, 1]);
  });
});
