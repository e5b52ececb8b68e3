/**
 * Keeps dropped data files on this computer so a reload does not mean dropping them again. OPFS
 * (the origin-private file system) when the browser has it, IndexedDB otherwise. Files never leave
 * the machine.
 */
import { toStorageError } from './errors';
import { FILES, openDatabase, transact } from './idb';

export interface DataFileInfo {
  name: string;
  size: number;
  savedAt: number;
}

export interface DataFileStore {
  readonly kind: 'opfs' | 'indexeddb' | 'memory';
  saveDataFile(name: string, bytes: Uint8Array): Promise<void>;
  listDataFiles(): Promise<DataFileInfo[]>;
  /** Undefined when no file of that name is stored. */
  loadDataFile(name: string): Promise<Uint8Array | undefined>;
  removeDataFile(name: string): Promise<void>;
}

const FOLDER = 'data-files';

/** OPFS entry names may not contain '/' or be '.'/'..'; percent-encoding keeps any file name. */
export function opfsEntryName(name: string): string {
  return encodeURIComponent(name).replaceAll('.', '%2E');
}

export function fromOpfsEntryName(entry: string): string {
  return decodeURIComponent(entry);
}

function what(name: string) {
  return { zh: `数据文件「${name}」`, en: `data file "${name}"` };
}

/** Wraps every method so failures arrive as StorageError. */
function guarded(store: DataFileStore): DataFileStore {
  const wrap =
    <A extends unknown[], R>(name: (...a: A) => string, f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      try {
        return await f(...a);
      } catch (e) {
        throw toStorageError(e, what(name(...a)));
      }
    };
  return {
    kind: store.kind,
    saveDataFile: wrap((n) => n, store.saveDataFile),
    listDataFiles: wrap(() => '', store.listDataFiles),
    loadDataFile: wrap((n) => n, store.loadDataFile),
    removeDataFile: wrap((n) => n, store.removeDataFile),
  };
}

async function opfsStore(): Promise<DataFileStore> {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle(FOLDER, { create: true });
  return {
    kind: 'opfs',
    async saveDataFile(name, bytes) {
      const handle = await dir.getFileHandle(opfsEntryName(name), { create: true });
      const writable = await handle.createWritable();
      try {
        await writable.write(bytes as FileSystemWriteChunkType);
        await writable.close();
      } catch (e) {
        await writable.abort().catch(() => {});
        throw e;
      }
    },
    async listDataFiles() {
      const files: DataFileInfo[] = [];
      // entries() is not in every TS DOM lib yet; values() is enough (handles know their names).
      for await (const handle of (dir as unknown as { values(): AsyncIterable<FileSystemHandle> }).values()) {
        if (handle.kind !== 'file') continue;
        const file = await (handle as FileSystemFileHandle).getFile();
        files.push({ name: fromOpfsEntryName(handle.name), size: file.size, savedAt: file.lastModified });
      }
      return files.sort((a, b) => a.name.localeCompare(b.name));
    },
    async loadDataFile(name) {
      try {
        const handle = await dir.getFileHandle(opfsEntryName(name));
        return new Uint8Array(await (await handle.getFile()).arrayBuffer());
      } catch (e) {
        if (e instanceof DOMException && e.name === 'NotFoundError') return undefined;
        throw e;
      }
    },
    async removeDataFile(name) {
      try {
        await dir.removeEntry(opfsEntryName(name));
      } catch (e) {
        if (!(e instanceof DOMException && e.name === 'NotFoundError')) throw e;
      }
    },
  };
}

interface FileRecord extends DataFileInfo {
  bytes: Uint8Array;
}

async function idbStore(): Promise<DataFileStore> {
  const db = await openDatabase();
  return {
    kind: 'indexeddb',
    async saveDataFile(name, bytes) {
      const record: FileRecord = { name, size: bytes.byteLength, savedAt: Date.now(), bytes };
      await transact(db, FILES, 'readwrite', (s) => s.put(record));
    },
    async listDataFiles() {
      const all = await transact<FileRecord[]>(db, FILES, 'readonly', (s) => s.getAll());
      return all
        .map(({ name, size, savedAt }) => ({ name, size, savedAt }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    async loadDataFile(name) {
      const r = await transact<FileRecord | undefined>(db, FILES, 'readonly', (s) => s.get(name));
      return r?.bytes;
    },
    async removeDataFile(name) {
      await transact(db, FILES, 'readwrite', (s) => s.delete(name));
    },
  };
}

/** For tests and for browsers that refuse all storage. */
export function memoryDataFileStore(): DataFileStore {
  const files = new Map<string, FileRecord>();
  return {
    kind: 'memory',
    async saveDataFile(name, bytes) {
      files.set(name, { name, size: bytes.byteLength, savedAt: Date.now(), bytes: bytes.slice() });
    },
    async listDataFiles() {
      return [...files.values()]
        .map(({ name, size, savedAt }) => ({ name, size, savedAt }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    async loadDataFile(name) {
      return files.get(name)?.bytes.slice();
    },
    async removeDataFile(name) {
      files.delete(name);
    },
  };
}

/**
 * OPFS if the browser offers it, else IndexedDB. Rejects with a StorageError when neither works
 * (the caller may then fall back to memoryDataFileStore and tell the analyst nothing is kept).
 */
export async function openDataFileStore(): Promise<DataFileStore> {
  try {
    if (typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function') {
      try {
        return guarded(await opfsStore());
      } catch {
        // OPFS can exist and still refuse (Firefox private windows): try IndexedDB.
      }
    }
    return guarded(await idbStore());
  } catch (e) {
    throw toStorageError(e, { zh: '数据文件', en: 'data files' });
  }
}
