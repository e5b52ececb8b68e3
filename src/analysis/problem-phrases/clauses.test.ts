import { describe, expect, it } from 'vitest';
import { copyKey, prepareText, splitClauses } from './clauses';

describe('splitClauses', () => {
  it.each([
    [
      '一是…；二是…',
      '一是绩效目标设置不够科学合理；二是预算执行率有待进一步提高。',
      ['绩效目标设置不够科学合理', '预算执行率有待进一步提高'],
    ],
    [
      '一是 after a colon, 三是 after 。',
      '存在问题：一是量化、细化不够；二是绩效管理认识不够。三是队伍建设有待加强',
      ['存在问题', '量化、细化不够', '绩效管理认识不够', '队伍建设有待加强'],
    ],
    [
      '1. 2. 3.',
      '1.绩效目标设置不够科学合理；2.绩效管理认识不够；3.队伍建设有待加强',
      ['绩效目标设置不够科学合理', '绩效管理认识不够', '队伍建设有待加强'],
    ],
    [
      '1、 2、 without a separator',
      '1、绩效管理认识不够 2、量化、细化不够',
      ['绩效管理认识不够', '量化、细化不够'],
    ],
    [
      '（一）（二） full-width parentheses',
      '（一）绩效管理认识不够（二）预算执行率有待进一步提高',
      ['绩效管理认识不够', '预算执行率有待进一步提高'],
    ],
    [
      '(1)(2) and （3）',
      '(1)绩效管理认识不够(2)队伍建设有待加强（3）量化、细化不够',
      ['绩效管理认识不够', '队伍建设有待加强', '量化、细化不够'],
    ],
    [
      'full-width digits １．２．',
      '１．量化、细化不够２．队伍建设有待加强',
      ['量化、细化不够', '队伍建设有待加强'],
    ],
    [
      '一、二、 with spaces',
      '一、 项目管理不够规范 二、 资金使用效率不高',
      ['项目管理不够规范', '资金使用效率不高'],
    ],
    ['circled ①②', '①绩效目标不明确②执行率偏低', ['绩效目标不明确', '执行率偏低']],
    // 000_… seed: the list starts glued to the sentence before it.
    [
      'marker glued to text (seed 000)',
      '参与市委重要文件的调研起草1.对全局性问题进行调研；2.按照市委指示',
      ['参与市委重要文件的调研起草', '对全局性问题进行调研', '按照市委指示'],
    ],
    ['统一、 keeps its 一', '统一、规范的制度不够健全', ['统一、规范的制度不够健全']],
    ['decimals are not markers', '执行率73.68%，预算6. 00万元', ['执行率73.68%,预算6. 00万元']],
    ['newlines split', '绩效管理认识不够\n队伍建设有待加强\r\n', ['绩效管理认识不够', '队伍建设有待加强']],
    ['spaces between Chinese removed', '绩效 管理 认识　不够', ['绩效管理认识不够']],
    ['bookmark residue (seed 002)', '[bookmark: _Toc3359]存在的问题', ['存在的问题']],
    ['blank', '  ', []],
  ])('%s', (_, raw, clauses) => {
    expect(splitClauses(raw)).toEqual(clauses);
  });
});

describe('copyKey', () => {
  it.each([
    [
      'markers and separators ignored',
      '一是绩效管理认识不够；二是队伍建设有待加强。',
      '1.绩效管理认识不够\n2.队伍建设有待加强',
      true,
    ],
    ['full-width vs half-width', '（一）量化、细化不够', '(1)量化、细化不够', true],
    ['whitespace ignored', '绩效管理 认识不够', '绩效管理认识不够。', true],
    ['different words differ', '绩效管理认识不够', '绩效管理认识不足', false],
    ['order matters', '绩效管理认识不够；队伍建设有待加强', '队伍建设有待加强；绩效管理认识不够', false],
  ])('%s', (_, a, b, same) => {
    expect(copyKey(prepareText(a)) === copyKey(prepareText(b))).toBe(same);
  });
});
