import { describe, expect, test } from 'vitest';
import { lineShifts, type LineEvent } from './build-load-sql';
import { lineAt } from './rejects';

/** The physical line of every rowid, straight from the shifts (what the ASOF join computes). */
function linesOf(firstLine: number, events: LineEvent[], records: number): number[] {
  const shifts = lineShifts(firstLine, events);
  return Array.from({ length: records }, (_, rowid) => {
    const s = shifts.filter(([v]) => v <= rowid).at(-1)?.[1] ?? 0;
    return firstLine + rowid + s;
  });
}

describe('lineShifts', () => {
  const skip = (line: number, span = 1): LineEvent => ({ kind: 'skip', line, span });
  const record = (line: number, span: number): LineEvent => ({ kind: 'record', line, span });

  test.each([
    // [first data line, events, records DuckDB returned, their physical lines]
    ['nothing between records', 2, [], 3, [2, 3, 4]],
    ['a blank line', 2, [skip(3)], 3, [2, 4, 5]],
    ['two blank lines together', 2, [skip(3), skip(4)], 2, [2, 5]],
    ['a rejected record spanning 2 lines', 2, [skip(3, 2)], 2, [2, 5]],
    ['a record spanning 3 lines', 2, [record(2, 3)], 3, [2, 5, 6]],
    ['multi-line, blank, reject', 5, [record(6, 2), skip(9), skip(11)], 5, [5, 6, 8, 10, 12]],
    ['events before the first data line are ignored', 4, [skip(2), record(1, 2)], 2, [4, 5]],
    ['a last record spanning lines changes nothing after it', 2, [record(3, 4)], 2, [2, 3]],
  ] as const)('%s', (_, first, events, records, lines) => {
    expect(linesOf(first, [...events], records)).toEqual(lines);
  });

  test('one pair per change of shift', () => {
    expect(lineShifts(2, [skip(3), skip(4), record(5, 2), record(9, 1)])).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });
});

describe('lineAt', () => {
  const starts = new Uint32Array([0, 4, 9, 10]);
  test.each([
    [0, 1],
    [3, 1],
    [4, 2],
    [8, 2],
    [9, 3],
    [10, 4],
    [500, 4],
  ])('byte %i is on line %i', (pos, line) => expect(lineAt(starts, pos)).toBe(line));
});
