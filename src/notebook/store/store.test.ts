import { describe, expect, test } from 'vitest';
import { analystNotebook } from '../share/fixtures';
import { NotebookFormatError } from '../share/errors';
import { StorageError, toStorageError } from './errors';
import { fromOpfsEntryName, memoryDataFileStore, opfsEntryName } from './data-files';
import { createNotebookStore, memoryNotebookBackend, type NotebookBackend } from './notebooks';

function fixture() {
  let t = 1000;
  let n = 0;
  const backend = memoryNotebookBackend();
  const store = createNotebookStore(backend, { now: () => (t += 10), newId: () => `nb${++n}` });
  return { store, backend };
}

describe('notebook store', () => {
  test('create, save, load, list newest first', async () => {
    const { store } = fixture();
    const a = await store.create('甲');
    const b = await store.create('乙');
    expect(a.state.cells).toEqual([]);
    await store.save(a.id, analystNotebook());
    expect(await store.load(a.id)).toEqual(analystNotebook());
    const list = await store.list();
    expect(list.map((m) => m.id)).toEqual([a.id, b.id]);
    expect(list[0]).toMatchObject({ title: analystNotebook().title, cellCount: 10, deletedAt: null });
    expect(list[0]!.updatedAt).toBeGreaterThan(list[0]!.createdAt);
  });

  test('saves a copy, not a live object (Svelte proxies cannot be stored)', async () => {
    const { store } = fixture();
    const { id } = await store.create();
    const state = analystNotebook();
    await store.save(id, state);
    state.cells[0]!.sql = 'changed after save';
    expect((await store.load(id)).cells[0]!.sql).not.toBe('changed after save');
  });

  test('rename changes the title in the list and the state', async () => {
    const { store } = fixture();
    const { id } = await store.create('old');
    await store.rename(id, '新标题');
    expect((await store.list())[0]!.title).toBe('新标题');
    expect((await store.load(id)).title).toBe('新标题');
  });

  test('remove is soft; restore undoes it; purge deletes old removals', async () => {
    const { store } = fixture();
    const a = await store.create('a');
    const b = await store.create('b');
    await store.remove(a.id);
    expect((await store.list()).map((m) => m.id)).toEqual([b.id]);
    expect((await store.listRemoved()).map((m) => m.id)).toEqual([a.id]);
    await store.restore(a.id);
    expect((await store.list()).map((m) => m.id).sort()).toEqual([a.id, b.id]);
    await store.remove(a.id);
    await store.save(a.id, analystNotebook()); // autosave racing a removal keeps it removed
    expect(await store.purge(1_000_000)).toBe(0); // too recent
    expect(await store.purge(0)).toBe(1);
    await expect(store.restore(a.id)).rejects.toMatchObject({ code: 'not-found' });
    await expect(store.load(a.id)).rejects.toBeInstanceOf(StorageError);
  });

  test('refuses to save an invalid state, and validates what it loads', async () => {
    const { store, backend } = fixture();
    const { id } = await store.create();
    await expect(store.save(id, { ...analystNotebook(), v: 2 as 1 })).rejects.toBeInstanceOf(
      NotebookFormatError,
    );
    const record = (await backend.get(id))!;
    await backend.put({ ...record, json: '{"v":1,"cells":[{"id":"x","sql":1}]}' });
    await expect(store.load(id)).rejects.toBeInstanceOf(NotebookFormatError);
  });

  test('backend failures arrive as StorageError with zh/en text', async () => {
    const full: NotebookBackend = {
      ...memoryNotebookBackend(),
      put: async () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    };
    const store = createNotebookStore(full);
    const e = await store.create('x').then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(StorageError);
    expect(e).toMatchObject({ code: 'quota' });
    expect((e as StorageError).zh).toMatch(/存储空间已满/);
    expect((e as StorageError).en).toMatch(/storage is full/);
  });
});

describe('storage errors', () => {
  const what = { zh: '笔记本', en: 'notebook' };
  test.each([
    ['QuotaExceededError', 'quota'],
    ['SecurityError', 'denied'],
    ['NotAllowedError', 'denied'],
    ['InvalidStateError', 'unavailable'],
    ['NotFoundError', 'not-found'],
    ['DataError', 'failed'],
  ])('%s → %s', (name, code) => {
    expect(toStorageError(new DOMException('x', name), what).code).toBe(code);
  });
  test('plain errors keep their message', () => {
    expect(toStorageError(new Error('disk on fire'), what).en).toMatch(/disk on fire/);
  });
});

describe('data files', () => {
  test('OPFS entry names round-trip any file name', () => {
    for (const name of ['2023自评.csv', 'a/b\\c.csv', '..', '.', '100% done?.csv', 'x y.CSV']) {
      const entry = opfsEntryName(name);
      expect(entry).not.toMatch(/[/\\]/);
      expect(['.', '..']).not.toContain(entry);
      expect(fromOpfsEntryName(entry)).toBe(name);
    }
  });

  test('memory store: save, list, load, remove', async () => {
    const files = memoryDataFileStore();
    const bytes = new TextEncoder().encode('单位,得分\n甲,90\n');
    await files.saveDataFile('b.csv', bytes);
    await files.saveDataFile('a.csv', new Uint8Array([1]));
    expect((await files.listDataFiles()).map((f) => [f.name, f.size])).toEqual([
      ['a.csv', 1],
      ['b.csv', bytes.length],
    ]);
    expect(await files.loadDataFile('b.csv')).toEqual(bytes);
    expect(await files.loadDataFile('missing.csv')).toBeUndefined();
    await files.removeDataFile('b.csv');
    await files.removeDataFile('b.csv');
    expect((await files.listDataFiles()).map((f) => f.name)).toEqual(['a.csv']);
  });
});
