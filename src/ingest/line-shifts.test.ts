import { describe, expect, test } from 'vitest';
import { createNodeConnector } from '../engine/node-connector';
import {
  consecutiveLines,
  dataRecordLines,
  gapsSql,
  linedSourceSql,
  lineShifts,
  linesTableSql,
  linesText,
  type LineEvent,
} from './build-load-sql';
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

describe('linesText and consecutiveLines', () => {
  test('numbers written digit by digit, as join() writes them', () => {
    const lines = new Uint32Array([0, 5, 9, 10, 17, 100, 65_536, 4_294_967_295]);
    expect(new TextDecoder().decode(linesText(lines))).toBe([...lines].join('\n') + '\n');
    expect(linesText(new Uint32Array(0)).length).toBe(0);
  });
  test.each([
    [[], true],
    [[4, 5, 6], true],
    [[4, 6, 7], false],
    [[5, 6, 7], false],
  ])('%j from line 4: consecutive %s', (lines, expected) => {
    expect(consecutiveLines(new Uint32Array(lines), 4)).toBe(expected);
  });
});

describe('dataRecordLines', () => {
  const records = new Uint32Array([1, 2, 4, 5, 8, 9]);
  test('records from the first data line on, less the rejected', () => {
    expect([...dataRecordLines(records, 2, new Set([5]), 4)!]).toEqual([2, 4, 8, 9]);
  });
  test.each([3, 5])('null when DuckDB returned %i rows instead of 4', (rows) => {
    expect(dataRecordLines(records, 2, new Set([5]), rows)).toBeNull();
  });
});

test('both ways of numbering rows give the same lines in SQL', async () => {
  const conn = await createNodeConnector();
  // Header on line 1; a multi-line record on 3–4, a blank line 6, a rejected record on 8.
  const events: LineEvent[] = [
    { kind: 'record', line: 3, span: 2 },
    { kind: 'skip', line: 6, span: 1 },
    { kind: 'skip', line: 8, span: 1 },
  ];
  const records = new Uint32Array([1, 2, 3, 5, 7, 8, 9, 10]);
  await conn.query(`CREATE TABLE raw AS SELECT i AS v FROM range(6) t(i)`);
  await conn.query(gapsSql(lineShifts(2, events))!);
  const lines = dataRecordLines(records, 2, new Set([8]), 6)!;
  const path = await conn.registerFile('lines', new TextEncoder().encode(lines.join('\n')));
  await conn.query(linesTableSql(path));
  const read = async (mode: 'records' | 'shifts') =>
    (await conn.query(`SELECT __source_row::INT AS l FROM (${linedSourceSql('raw', 2, mode)}) ORDER BY v`))
      .toArray()
      .map((r) => Number(r.toJSON().l));
  expect(await read('records')).toEqual([2, 3, 5, 7, 9, 10]);
  expect(await read('shifts')).toEqual([2, 3, 5, 7, 9, 10]);
  await conn.close();
});
