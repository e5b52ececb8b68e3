import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';

describe('parseArgs', () => {
  it('reads every option and drops the -- that vite-node passes through', () => {
    const { config, out } = parseArgs([
      '--',
      '--units',
      '50',
      '--years',
      '2019-2021',
      '--seed',
      'x',
      '--out',
      'o',
      '--encoding',
      'gb18030',
      '--indicators',
      '--mess',
      '0.05',
    ]);
    expect(out).toBe('o');
    expect(config).toEqual({
      units: 50,
      yearFrom: 2019,
      yearTo: 2021,
      seed: 'x',
      mess: 0.05,
      indicators: true,
      encoding: 'gb18030',
    });
  });

  it('accepts --key=value and a single year', () => {
    const { config } = parseArgs(['--units=3', '--years=2020', '--out=d']);
    expect([config.units, config.yearFrom, config.yearTo, config.indicators, config.encoding]).toEqual([
      3,
      2020,
      2020,
      false,
      'utf-8',
    ]);
  });

  it('says what is wrong', () => {
    expect(() => parseArgs(['--units', '0', '--out', 'd'])).toThrow(/--units must be a positive integer/);
    expect(() => parseArgs(['--units', '5'])).toThrow(/--out DIR is required/);
    expect(() => parseArgs(['--out', 'd', '--mess', '2'])).toThrow(/--mess/);
    expect(() => parseArgs(['--out', 'd', '--encoding', 'latin1'])).toThrow(/--encoding/);
    expect(() => parseArgs(['--out', 'd', '--colour', 'red'])).toThrow(/unknown option --colour/);
    expect(() => parseArgs(['--out', 'd', '--years', '2023-2017'])).toThrow(/before/);
  });
});
