import { openDatabase, idbNotebookBackend } from './idb';
import { createNotebookStore, type NotebookStore } from './notebooks';
import { toStorageError } from './errors';

export { StorageError, toStorageError, type StorageErrorCode } from './errors';
export {
  createNotebookStore,
  memoryNotebookBackend,
  type NotebookStore,
  type NotebookMeta,
  type NotebookRecord,
  type NotebookBackend,
} from './notebooks';
export { openDataFileStore, memoryDataFileStore, type DataFileStore, type DataFileInfo } from './data-files';
export { requestPersistentStorage, storageEstimate, type PersistResult } from './persist';
export { registerServiceWorker } from './sw-register';

/** The notebook store in this browser's IndexedDB. Rejects with a StorageError when refused. */
export async function openNotebookStore(): Promise<NotebookStore> {
  try {
    return createNotebookStore(idbNotebookBackend(await openDatabase()));
  } catch (e) {
    throw toStorageError(e, { zh: '笔记本', en: 'notebooks' });
  }
}
