/**
 * The panels bench's CPU-by-thread line (tests/bench/thread-cpu.ts): differences between two
 * snapshots, grouped, most first, the workers one by one; nothing when there was no /proc.
 */
import { describe, expect, it } from 'vitest';
import { cpuBetween, type CpuSnapshot } from '../bench/thread-cpu';

const snapshot = (rows: [string, string, number][]): CpuSnapshot =>
  new Map(rows.map(([key, group, ms]) => [key, { group, ms }]));

describe('CPU by thread', () => {
  it('adds up what each group took between the snapshots, threads new since included', () => {
    const before = snapshot([
      ['10/10', 'page main', 1000],
      ['10/11', 'workers', 500],
      ['10/12', 'workers', 200],
      ['10/13', 'V8 background', 300],
      ['1/1', 'browser', 50],
    ]);
    const after = snapshot([
      ['10/10', 'page main', 1250],
      ['10/11', 'workers', 700],
      ['10/12', 'workers', 280],
      ['10/13', 'V8 background', 450],
      ['10/14', 'V8 background', 120], // started in between
      ['1/1', 'browser', 50], // idle: left out
    ]);
    expect(cpuBetween(before, after)).toBe(
      '800 ms: workers 280 (200 + 80), V8 background 270, page main 250',
    );
  });

  it('tells nothing without /proc', () => {
    expect(cpuBetween(new Map(), new Map())).toBeNull();
  });
});
