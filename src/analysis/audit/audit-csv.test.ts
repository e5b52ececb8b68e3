import { describe, expect, it } from 'vitest';
import { auditCsv, csvCell } from './audit-csv';
import type { AuditFlag } from './flags';

describe('csvCell', () => {
  it.each([
    ['plain', '单位甲', '单位甲'],
    ['formula', '=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['plus', '+1', "'+1"],
    ['minus', '-2+3', "'-2+3"],
    ['at', '@SUM(A1)', "'@SUM(A1)"],
    ['comma', '甲,乙', '"甲,乙"'],
    ['newline', '一是\n二是', '"一是\n二是"'],
    ['number', 2023, '2023'],
    ['null', null, ''],
  ] as const)('%s', (_, input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });
});

describe('auditCsv', () => {
  it('writes a BOM, a Chinese header and one CRLF line per flag', () => {
    const flag: AuditFlag = {
      severity: 2,
      rule: 'excellent_low_execution',
      reason: '评为“优”但预算执行率低于 80%',
      unit: '昆明市五华区政务服务管理局',
      year: 2023,
      project: null,
      detail: '等级 优，自评得分 91.00，执行率 73.68%',
      source_file: 'a.csv',
      source_row: 2,
    };
    expect(auditCsv([flag])).toBe(
      '\uFEFF严重程度,规则,原因,单位,年度,项目,明细,来源文件,来源行\r\n' +
        '中,excellent_low_execution,评为“优”但预算执行率低于 80%,昆明市五华区政务服务管理局,2023,,' +
        // full-width commas (，) need no quoting
        '等级 优，自评得分 91.00，执行率 73.68%,a.csv,2\r\n',
    );
  });
});
