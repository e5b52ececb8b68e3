import { describe, expect, it } from 'vitest';
import { formatCount } from './i18n.svelte';

describe('formatCount', () => {
  it('writes integers in digits with thousands separators, as the ingest report promises', () => {
    expect(formatCount(1_000_000)).toBe('1,000,000');
    expect(formatCount(990_610n)).toBe('990,610');
    expect(formatCount(12_345_678_901_234_567_890n)).toBe('12,345,678,901,234,567,890');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(-4321)).toBe('-4,321');
  });

  it('rounds to a whole number first', () => {
    expect(formatCount(1234.6)).toBe('1,235');
    expect(formatCount(1234.4)).toBe('1,234');
  });
});
