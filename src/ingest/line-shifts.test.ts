import { describe, expect, test } from 'vitest';
import { createNodeConnector } from '../engine/node-connector';
import {
  consecutiveLines,
  dataRecordLines,
  gapsSql,
  linedSourceSql,
  lineShifts,
  LINES,
  linesTableSql,
  lineRuns,
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

describe('lineRuns and consecutiveLines', () => {
  test('runs of consecutive lines as first,count', () => {
    const lines = new Uint32Array([4, 5, 6, 8, 10, 11, 4_294_967_295]);
    expect(new TextDecoder().decode(lineRuns(lines))).toBe('4,3\n8,1\n10,2\n4294967295,1\n');
    expect(lineRuns(new Uint32Array(0)).length).toBe(0);
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
  const path = await conn.registerFile('lines', lineRuns(lines));
  await conn.query(linesTableSql(path));
  const read = async (mode: 'records' | 'shifts') =>
    (await conn.query(`SELECT __source_row::INT AS l FROM (${linedSourceSql('raw', 2, mode)}) ORDER BY v`))
      .toArray()
      .map((r) => Number(r.toJSON().l));
  expect(await read('records')).toEqual([2, 3, 5, 7, 9, 10]);
  expect(await read('shifts')).toEqual([2, 3, 5, 7, 9, 10]);
  await conn.close();
});

test('the lines table holds every record line in record order, across thousands of runs', async () => {
  const conn = await createNodeConnector();
  // 300,000 records; about one in fifty starts after a gap of 1–3 lines (a multi-line cell, a blank
  // line or a rejected record), so ~6,000 runs spread over many of DuckDB's vectors and row groups.
  const lines = new Uint32Array(300_000);
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = 0, line = 4; i < lines.length; i++, line++) {
    if (random() < 0.02) line += 1 + Math.floor(random() * 3);
    lines[i] = line;
  }
  const path = await conn.registerFile('lines', lineRuns(lines));
  await conn.query(linesTableSql(path));
  const table = await conn.query(`SELECT line FROM ${LINES} ORDER BY rowid`);
  expect(table.numRows).toBe(lines.length);
  const read = table.getChild('line')!.toArray() as Int32Array;
  // The first record whose line differs (a diff of 300,000 numbers would take minutes to print).
  const wrong = lines.findIndex((line, i) => read[i] !== line);
  expect(wrong === -1 ? null : { record: wrong, line: read[wrong], expected: lines[wrong] }).toBeNull();
  await conn.close();
});
