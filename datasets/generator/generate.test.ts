import { describe, expect, it } from 'vitest';
import {
  EVALUATION_HEADER,
  INDICATOR_HEADER,
  SYNTHETIC_LABEL,
  fileNames,
  generateText,
  type GeneratorConfig,
} from './generate';
import { gradeFor } from './distributions';
import { parseTable, share } from './test-helpers';

const BASE: GeneratorConfig = {
  units: 400,
  yearFrom: 2017,
  yearTo: 2023,
  seed: 'test',
  mess: 0,
  indicators: true,
  encoding: 'utf-8',
};

const clean = generateText(BASE);
const evalRows = parseTable(clean.evaluations, '单位名称,主管部门').slice(1);
const col = (name: string): number => EVALUATION_HEADER.indexOf(name);
const num = (row: string[], name: string): number => Number(row[col(name)]);

describe('determinism', () => {
  it('gives the same text for the same seed and different text for another', () => {
    const small = { ...BASE, units: 30 };
    expect(generateText(small)).toEqual(generateText(small));
    expect(generateText({ ...small, seed: 'other' }).evaluations).not.toEqual(
      generateText(small).evaluations,
    );
  });

  it('does not shift the evaluations when indicators or mess are switched', () => {
    const small = { ...BASE, units: 30 };
    expect(generateText({ ...small, indicators: false }).evaluations).toEqual(
      generateText(small).evaluations,
    );
  });
});

describe('labels', () => {
  it('says synthetic in the first line and in the file names', () => {
    expect(clean.evaluations.split('\r\n')[0]).toContain(SYNTHETIC_LABEL);
    expect(clean.indicators.split('\r\n')[0]).toContain(SYNTHETIC_LABEL);
    expect(clean.evaluations.split('\r\n')[1]).toBe(EVALUATION_HEADER.join(','));
    expect(clean.indicators.split('\r\n')[1]).toBe(INDICATOR_HEADER.join(','));
    const names = fileNames(BASE);
    expect(names.evaluations).toBe('synthetic-evaluations-2017-2023.csv');
    expect(fileNames({ ...BASE, encoding: 'gb18030' }).indicators).toBe(
      'synthetic-indicators-2017-2023-gb18030.csv',
    );
  });
});

describe('evaluation distributions', () => {
  it('has one whole-unit evaluation per unit × year plus project rows', () => {
    expect(share(evalRows, (r) => r.length === EVALUATION_HEADER.length)).toBe(1);
    const whole = evalRows.filter((r) => r[col('评价类型')] === '部门整体支出');
    expect(whole.length).toBe(400 * 7);
    expect(new Set(whole.map((r) => `${r[0]}|${r[3]}`)).size).toBe(400 * 7);
    expect(evalRows.length - whole.length).toBeGreaterThan(400 * 7 * 0.2);
  });

  it('bunches scores just above 90 with a thin tail below', () => {
    const scores = evalRows.map((r) => num(r, '自评得分'));
    expect(share(scores, (s) => s >= 90 && s <= 100)).toBeGreaterThanOrEqual(0.8);
    expect(share(scores, (s) => s < 90)).toBeGreaterThan(0.03);
    const justAbove = share(scores, (s) => s >= 90 && s < 91);
    const justBelow = share(scores, (s) => s >= 89 && s < 90);
    expect(justAbove).toBeGreaterThan(justBelow * 2);
  });

  it('gives grades that usually, not always, match the score', () => {
    const matches = share(evalRows, (r) => gradeFor(num(r, '自评得分')) === r[col('评价等级')]);
    expect(matches).toBeGreaterThan(0.9);
    expect(matches).toBeLessThan(1);
  });

  it('piles execution rates at 95–100% with a long tail and a few over 100%', () => {
    const rates = evalRows.map((r) => num(r, '执行率（%）'));
    expect(share(rates, (x) => x >= 95)).toBeGreaterThan(0.6);
    expect(share(rates, (x) => x > 100)).toBeGreaterThan(0.005);
    expect(share(rates, (x) => x < 80)).toBeGreaterThan(0.02);
    expect(Math.min(...rates)).toBeLessThan(50);
  });

  it('keeps spent = budget × rate most of the time, exact to the cent', () => {
    const consistent = share(evalRows, (r) => {
      const budget = Math.round(num(r, '全年预算数（万元）') * 100);
      const spent = Math.round(num(r, '全年执行数（万元）') * 100);
      return Math.abs((spent / budget) * 100 - num(r, '执行率（%）')) < 0.01;
    });
    expect(consistent).toBeGreaterThan(0.9);
    expect(consistent).toBeLessThan(1);
    for (const r of evalRows) expect(r[col('全年预算数（万元）')]).toMatch(/^\d+\.\d\d$/);
  });

  it('spreads budgets over orders of magnitude', () => {
    const budgets = evalRows.map((r) => num(r, '全年预算数（万元）'));
    expect(Math.max(...budgets) / Math.min(...budgets)).toBeGreaterThan(1000);
  });

  it('fills 复核得分 for a few rows only', () => {
    const reviewed = share(evalRows, (r) => r[col('复核得分')] !== '');
    expect(reviewed).toBeGreaterThan(0.01);
    expect(reviewed).toBeLessThan(0.1);
  });
});

describe('problem texts', () => {
  const problems = evalRows.map((r) => r[col('存在的问题')] as string);

  it('reuses the boilerplate phrases with variations and numbering', () => {
    for (const phrase of [
      '绩效目标设置不够科学合理',
      '量化、细化不够',
      '绩效管理认识不够',
      '预算执行率有待进一步提高',
      '队伍建设有待加强',
    ]) {
      expect(problems.some((p) => p.includes(phrase))).toBe(true);
    }
    expect(problems.some((p) => p.includes('细化不足'))).toBe(true);
    expect(problems.some((p) => p.startsWith('一是'))).toBe(true);
    expect(problems.some((p) => p.startsWith('1.'))).toBe(true);
    expect(problems.some((p) => p.startsWith('（一）'))).toBe(true);
  });

  it('has word-for-word copies across different units', () => {
    const unitsByText = new Map<string, Set<string>>();
    for (const r of evalRows) {
      const text = r[col('存在的问题')] as string;
      if (text === '无' || !text.includes('；')) continue;
      const set = unitsByText.get(text) ?? new Set<string>();
      set.add(r[0] as string);
      unitsByText.set(text, set);
    }
    expect(Math.max(...[...unitsByText.values()].map((s) => s.size))).toBeGreaterThan(5);
  });
});

describe('indicators', () => {
  const rows = parseTable(clean.indicators, '单位名称,年度').slice(1);
  const blocks: string[][][] = [];
  for (const r of rows) {
    if (r[0] !== '') blocks.push([]);
    blocks[blocks.length - 1]?.push(r);
  }
  const scoreOf = new Map(evalRows.map((r) => [`${r[0]}|${r[3]}|${r[5]}`, num(r, '自评得分')]));

  it('has one indicator table per evaluation, weights 20/20/30/30 summing to 100', () => {
    expect(blocks.length).toBe(evalRows.length);
    for (const b of blocks.slice(0, 200)) {
      expect(b.reduce((s, r) => s + Number(r[6]), 0)).toBe(100);
      expect(b.map((r) => r[3]).filter((x) => x !== '')).toHaveLength(b[0]?.[3] === '决策' ? 4 : 3);
    }
  });

  it('has points that add up to the score for most tables, not all', () => {
    const sums = blocks.map((b) => {
      const head = b[0] as string[];
      const points = b.reduce((s, r) => s + Math.round(Number(r[7]) * 100), 0);
      return points === Math.round((scoreOf.get(`${head[0]}|${head[1]}|${head[2]}`) as number) * 100);
    });
    expect(share(sums, (x) => x)).toBeGreaterThan(0.85);
    expect(share(sums, (x) => x)).toBeLessThan(1);
  });
});

describe('mess', () => {
  const rate = 0.1;
  const messy = generateText({ ...BASE, mess: rate });
  const rows = parseTable(messy.evaluations, '单位名称,主管部门').slice(1);
  const data = rows.filter(
    (r) => r.length === EVALUATION_HEADER.length && !['小计', '合计'].includes(r[0] as string),
  );
  const near = (observed: number, expected: number): void => {
    expect(observed).toBeGreaterThan(expected * 0.7);
    expect(observed).toBeLessThan(expected * 1.3);
  };

  it('writes percent strings, full-width scores and spaced decimals at the requested rate', () => {
    near(
      share(data, (r) => (r[col('执行率（%）')] as string).endsWith('%')),
      rate,
    );
    near(
      share(data, (r) => /[０-９]/.test(r[col('自评得分')] as string)),
      rate,
    );
    near(
      share(data, (r) => r.slice(6, 9).some((c) => c.includes('. '))),
      rate,
    );
    expect(data.some((r) => /^\d{1,3}(,\d{3})+\.\d\d$/.test(r[col('全年预算数（万元）')] as string))).toBe(
      true,
    );
  });

  it('blanks the unit on following rows of the same unit (merged cells)', () => {
    const followers = data.filter((r) => r[col('评价类型')] === '项目支出');
    near(
      share(followers, (r) => r[0] === ''),
      rate,
    );
  });

  it('writes 小计 rows equal to the rows above and a 合计 row equal to all rows', () => {
    const money = (s: string): number => Math.round(Number(s.replace(/,|\s/g, '')) * 100);
    const whole = (r: string[]): boolean =>
      r.length === EVALUATION_HEADER.length && !['小计', '合计'].includes(r[0] as string);
    let group: string[][] = [];
    let groupBroken = false;
    let checked = 0;
    let totals = 0;
    for (const r of rows) {
      if (r[0] === '小计') {
        // A broken row in the group shifts its cells; those groups cannot be summed from the text.
        if (!groupBroken) {
          expect(money(r[7] as string)).toBe(group.reduce((s, g) => s + money(g[7] as string), 0));
          checked++;
        }
      } else if (r[0] === '合计') {
        // Broken rows cannot be summed from the text, but the clean file has the same records.
        expect(money(r[8] as string)).toBe(evalRows.reduce((s, g) => s + money(g[8] as string), 0));
        totals++;
      } else if (!whole(r)) {
        groupBroken = true;
      } else if (r[col('评价类型')] === '部门整体支出') {
        group = [r];
        groupBroken = false;
      } else group.push(r);
    }
    expect(checked).toBeGreaterThan(10);
    expect(totals).toBe(1);
  });

  it('breaks a few rows (wrong field count) and adds title lines and a note', () => {
    const broken = share(rows, (r) => r.length !== EVALUATION_HEADER.length && !r[0]?.startsWith('注'));
    expect(broken).toBeGreaterThan(0.005);
    expect(broken).toBeLessThan(0.06);
    expect(messy.evaluations.split('\r\n')[1]).toBe('金额单位：万元');
    expect(messy.evaluations.trimEnd().split('\r\n').at(-1)).toContain(SYNTHETIC_LABEL);
  });

  it('adds nothing but the title line at mess 0', () => {
    expect(clean.evaluations).not.toMatch(/[０-９]|小计|合计|金额单位/);
    expect(evalRows.every((r) => r[0] !== '')).toBe(true);
  });
});
