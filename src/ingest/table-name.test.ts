import { describe, expect, test } from 'vitest';
import { baseTableName, TableRegistry } from './table-name';

describe('baseTableName', () => {
  test.each([
    ['seed-evaluations.csv', 'seed_evaluations'],
    ['五华区 2023年 自评.csv', '五华区_2023年_自评'],
    ['2023汇总.csv', 't_2023汇总'],
    ['２０２３.csv', 't_2023'],
    ['a.b.csv', 'a_b'],
    ['C:\\exports\\部门(整体).txt', '部门_整体_'],
    ['noext', 'noext'],
    ['.csv', '_csv'],
    ['', 'file'],
  ])('%s → %s', (file, table) => {
    expect(baseTableName(file)).toBe(table);
  });
});

describe('TableRegistry', () => {
  test('same file name reuses its table; a different file with the same base gets _2, _3', () => {
    const r = new TableRegistry();
    expect(r.tableFor('a-b.csv')).toBe('a_b');
    expect(r.tableFor('a b.csv')).toBe('a_b_2');
    expect(r.tableFor('a_b.txt')).toBe('a_b_3');
    expect(r.tableFor('a-b.csv')).toBe('a_b');
    expect(r.entries()).toHaveLength(3);
  });

  test('canonical table names are never handed to a file', () => {
    const r = new TableRegistry();
    expect(r.tableFor('evaluations.csv')).toBe('evaluations_2');
    expect(r.tableFor('Indicators.csv')).toBe('Indicators_2');
  });

  test('forget frees the name', () => {
    const r = new TableRegistry();
    r.tableFor('x.csv');
    r.forget('x.csv');
    expect(r.tableFor('x.tsv')).toBe('x');
  });
});
