import { describe, expect, it } from 'vitest';
import { ShownRows } from './shown-rows.svelte';

describe('ShownRows', () => {
  it('draws the first rows of a long list until it is opened, for that answer only', () => {
    const lists = new ShownRows(20);
    const answer = {};
    expect(lists.count(answer, 'under', 100)).toBe(20);
    lists.open(answer, 'under');
    expect(lists.count(answer, 'under', 100)).toBe(100);
    expect(lists.count(answer, 'over', 100)).toBe(20);
    lists.open(answer, 'over');
    expect(lists.count(answer, 'under', 100)).toBe(100);
    // A new answer (the filters changed) draws the first rows again.
    expect(lists.count({}, 'under', 100)).toBe(20);
    expect(lists.count(null, 'under', 100)).toBe(20);
  });

  it('draws a list whole when only a few rows would be held back', () => {
    const lists = new ShownRows(20);
    expect(lists.count({}, 'under', 21)).toBe(21);
    expect(lists.count({}, 'under', 25)).toBe(25);
    expect(lists.count({}, 'under', 26)).toBe(20);
  });
});
