/**
 * Browser only: the IndexedDB database behind the notebook store and the data-file fallback.
 * Kept to promise wrappers; the logic lives in notebooks.ts and data-files.ts.
 */
import type { NotebookBackend, NotebookRecord } from './notebooks';

const DB_NAME = 'selfeval-lens';
const DB_VERSION = 1;
export const NOTEBOOKS = 'notebooks';
export const FILES = 'files';

export function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new DOMException('IndexedDB is not available.', 'InvalidStateError'));
      return;
    }
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(NOTEBOOKS)) db.createObjectStore(NOTEBOOKS, { keyPath: 'id' });
      if (!db.objectStoreNames.contains(FILES)) db.createObjectStore(FILES, { keyPath: 'name' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () =>
      reject(new DOMException('Another tab holds an old version of the database.', 'InvalidStateError'));
  });
}

/**
 * Runs one request in its own transaction and settles when the transaction does (quota errors
 * surface as an aborted transaction, not as a failed request).
 */
export function transact<T>(
  db: IDBDatabase,
  store: string,
  mode: IDBTransactionMode,
  work: (s: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const request = work(tx.objectStore(store));
    tx.oncomplete = () => resolve(request.result);
    tx.onabort = () => reject(tx.error ?? request.error);
    tx.onerror = () => reject(tx.error ?? request.error);
  });
}

export function idbNotebookBackend(db: IDBDatabase): NotebookBackend {
  return {
    get: (id) => transact<NotebookRecord | undefined>(db, NOTEBOOKS, 'readonly', (s) => s.get(id)),
    put: async (record) => {
      await transact(db, NOTEBOOKS, 'readwrite', (s) => s.put(record));
    },
    delete: async (id) => {
      await transact(db, NOTEBOOKS, 'readwrite', (s) => s.delete(id));
    },
    all: () => transact<NotebookRecord[]>(db, NOTEBOOKS, 'readonly', (s) => s.getAll()),
  };
}
