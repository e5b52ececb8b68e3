import { describe, expect, test } from 'vitest';
import { NO_FILTERS } from '../../analysis/filters';
import { decodeState, encodeState, shareUrl, MAX_FRAGMENT } from './codec';
import { NotebookFormatError } from './errors';
import { compareFingerprints, fingerprintBytes } from './fingerprint';
import { analystNotebook, ANALYST_QUERIES } from './fixtures';
import { emptyNotebook, parseNotebookState } from './state';
import { toBase64Url } from './codec';

async function deflate(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return 'v1.' + toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

async function rejection(p: Promise<unknown>): Promise<NotebookFormatError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(NotebookFormatError);
  return e as NotebookFormatError;
}

describe('share link', () => {
  test('round-trips a realistic notebook', async () => {
    const state = analystNotebook();
    const fragment = await encodeState(state);
    expect(fragment).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(await decodeState(fragment)).toEqual(state);
    expect(await decodeState('#' + fragment)).toEqual(state);
  });

  test('a 10-cell notebook fits in a URL a chat app will carry', async ({ annotate }) => {
    const state = analystNotebook();
    expect(state.cells).toHaveLength(10);
    for (const q of ANALYST_QUERIES) {
      expect(q.length).toBeGreaterThanOrEqual(100);
      expect(q.length).toBeLessThanOrEqual(300);
    }
    const url = await shareUrl('http://127.0.0.1:4173/selfeval/index.html', state);
    const json = JSON.stringify(state).length;
    await annotate(`10-cell share URL: ${url.length} chars (JSON ${json} chars)`);
    expect(url.length).toBeLessThan(4000);
    expect(url.startsWith('http://127.0.0.1:4173/selfeval/index.html#v1.')).toBe(true);
  });

  test('replaces an existing fragment and keeps the query string', async () => {
    const url = await shareUrl('https://x.example/app/?lang=en#old', emptyNotebook('t'));
    expect(url).toMatch(/^https:\/\/x\.example\/app\/\?lang=en#v1\./);
  });

  test('drops unknown keys and fills missing filter keys', async () => {
    const fragment = await deflate(
      JSON.stringify({
        v: 1,
        title: 'x',
        evil: '<script>',
        cells: [{ id: 'a', sql: 'SELECT 1', extra: 1 }],
        filters: { regions: ['东城区'], onclick: 'x' },
        chart: { type: 'bar' },
        datasets: [],
      }),
    );
    const state = await decodeState(fragment);
    expect(state).toEqual({
      v: 1,
      title: 'x',
      cells: [{ id: 'a', sql: 'SELECT 1' }],
      filters: { ...NO_FILTERS, regions: ['东城区'] },
      chart: { type: 'bar' },
      datasets: [],
    });
  });

  test.each([
    ['no prefix', 'abc'],
    ['empty', ''],
    ['not base64url', 'v1.ab+/c=='],
    ['not deflate', 'v1.' + toBase64Url(new TextEncoder().encode('hello world, not compressed'))],
    ['truncated', 'TRUNCATE'],
  ])('rejects garbage: %s', async (_name, input) => {
    let fragment = input;
    if (input === 'TRUNCATE') {
      const full = await encodeState(analystNotebook());
      fragment = full.slice(0, Math.floor(full.length / 2));
    }
    const e = await rejection(decodeState(fragment));
    expect(e.code).toBe('malformed');
    expect(e.zh).toMatch(/链接/);
  });

  test('rejects a flipped byte (tampering)', async () => {
    const full = await encodeState(analystNotebook());
    const i = Math.floor(full.length / 2);
    const tampered = full.slice(0, i) + (full[i] === 'A' ? 'B' : 'A') + full.slice(i + 1);
    // A flipped byte either breaks the deflate stream, the UTF-8/JSON or the schema; never accepted as is.
    const result = await decodeState(tampered).then(
      (s) => s,
      (e: unknown) => e,
    );
    if (result instanceof NotebookFormatError) expect(['malformed', 'invalid']).toContain(result.code);
    else expect(result).not.toEqual(analystNotebook());
  });

  test('rejects an unknown version', async () => {
    expect((await rejection(decodeState('v2.abc'))).code).toBe('version');
    expect((await rejection(decodeState(await deflate('{"v":7,"cells":[]}')))).code).toBe('version');
  });

  test('rejects oversized links and deflate bombs', async () => {
    expect((await rejection(decodeState('v1.' + 'A'.repeat(MAX_FRAGMENT)))).code).toBe('too-large');
    // 5 MB of spaces compresses to a few kB: must stop at the inflate cap, not parse it.
    const bomb = await deflate('{"v":1,"title":"' + ' '.repeat(5_000_000) + '"}');
    expect(bomb.length).toBeLessThan(MAX_FRAGMENT);
    expect((await rejection(decodeState(bomb))).code).toBe('too-large');
  });

  test.each([
    ['cells not a list', { v: 1, cells: 'x' }],
    ['sql not text', { v: 1, cells: [{ id: 'a', sql: 1 }] }],
    [
      'duplicate ids',
      {
        v: 1,
        cells: [
          { id: 'a', sql: '' },
          { id: 'a', sql: '' },
        ],
      },
    ],
    ['odd id', { v: 1, cells: [{ id: 'a b', sql: '' }] }],
    ['too many cells', { v: 1, cells: Array.from({ length: 201 }, (_, i) => ({ id: `c${i}`, sql: '' })) }],
    ['sql too long', { v: 1, cells: [{ id: 'a', sql: 'x'.repeat(20_001) }] }],
    ['filter wrong type', { v: 1, cells: [], filters: { yearFrom: '2020' } }],
    ['filter list of numbers', { v: 1, cells: [], filters: { regions: [1] } }],
    ['chart object value', { v: 1, cells: [], chart: { x: { y: 1 } } }],
    ['chart NaN-like', { v: 1, cells: [], chart: { x: null } }],
    ['bad hash', { v: 1, cells: [], datasets: [{ file: 'a.csv', rows: 1, hash: 'XYZ' }] }],
    ['negative rows', { v: 1, cells: [], datasets: [{ file: 'a.csv', rows: -1, hash: '0123456789abcdef' }] }],
    ['array top level', [1, 2]],
  ])('rejects invalid content: %s', async (_name, value) => {
    const e = await rejection(decodeState(await deflate(JSON.stringify(value))));
    expect(e.code).toBe('invalid');
  });

  test('a __proto__ chart key stays a plain key', () => {
    const state = parseNotebookState(JSON.parse('{"v":1,"cells":[],"chart":{"__proto__":"x","a":1}}'));
    expect(Object.keys(state.chart).sort()).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(state.chart)).toBe(Object.prototype);
  });
});

describe('dataset fingerprints', () => {
  test('hash is the SHA-256 prefix of the bytes', async () => {
    const fp = await fingerprintBytes('a.csv', new TextEncoder().encode('abc'), 0);
    // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223…
    expect(fp).toEqual({ file: 'a.csv', rows: 0, hash: 'ba7816bf8f01cfea' });
  });

  test('compares by name: missing, differing, ok', () => {
    const a = { file: 'a.csv', rows: 10, hash: '0000000000000000' };
    const b = { file: 'b.csv', rows: 5, hash: '1111111111111111' };
    expect(compareFingerprints([a, b], [a, b, { file: 'c.csv', rows: 1, hash: '2222222222222222' }]).ok).toBe(
      true,
    );
    const r = compareFingerprints([a, b], [{ ...a, rows: 11, hash: '0000000000000001' }]);
    expect(r.ok).toBe(false);
    expect(r.missing).toEqual(['b.csv']);
    expect(r.differing).toEqual([
      {
        file: 'a.csv',
        wantedRows: 10,
        loadedRows: 11,
        wantedHash: '0000000000000000',
        loadedHash: '0000000000000001',
      },
    ]);
  });
});
