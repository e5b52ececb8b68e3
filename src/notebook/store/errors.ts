/**
 * Storage failures as errors for people. Browsers report them as DOMExceptions with terse names
 * (QuotaExceededError, SecurityError …); this maps them to a code and a zh/en sentence that says
 * what happened and what to do.
 */
import { NotebookError } from '../share/errors';

export type StorageErrorCode = 'quota' | 'denied' | 'unavailable' | 'not-found' | 'failed';

export class StorageError extends NotebookError {
  override readonly name = 'StorageError';
  constructor(
    override readonly code: StorageErrorCode,
    zh: string,
    en: string,
    options?: { cause?: unknown },
  ) {
    super(code, zh, en, options);
  }
}

function errorName(e: unknown): string {
  if (e && typeof e === 'object' && 'name' in e && typeof e.name === 'string') return e.name;
  return '';
}

/** `what` says what was being stored, e.g. 笔记本 / notebook, 数据文件「x.csv」 / data file "x.csv". */
export function toStorageError(e: unknown, what: { zh: string; en: string }): StorageError {
  if (e instanceof StorageError) return e;
  const name = errorName(e);
  if (name === 'QuotaExceededError' || (e instanceof DOMException && e.code === 22))
    return new StorageError(
      'quota',
      `浏览器存储空间已满，无法保存${what.zh}。请删除不用的数据文件或笔记本，或在浏览器设置中为本站留出更多空间。`,
      `Browser storage is full, so the ${what.en} could not be saved. Remove data files or notebooks you no longer need, or allow this site more space in the browser settings.`,
      { cause: e },
    );
  if (name === 'SecurityError' || name === 'NotAllowedError')
    return new StorageError(
      'denied',
      `浏览器拒绝了本地存储（可能处于隐私/无痕模式或禁用了站点数据），${what.zh}未保存。关闭页面后将丢失。`,
      `The browser refused local storage (private mode, or site data is blocked), so the ${what.en} was not saved and will be lost when the page closes.`,
      { cause: e },
    );
  if (name === 'InvalidStateError' || name === 'UnknownError' || name === 'VersionError')
    return new StorageError(
      'unavailable',
      `浏览器本地存储暂不可用，${what.zh}未保存。请刷新页面后重试。`,
      `Browser storage is unavailable right now, so the ${what.en} was not saved. Reload the page and try again.`,
      { cause: e },
    );
  if (name === 'NotFoundError')
    return new StorageError('not-found', `找不到${what.zh}。`, `The ${what.en} was not found.`, { cause: e });
  const detail = e instanceof Error ? e.message : String(e);
  return new StorageError(
    'failed',
    `保存或读取${what.zh}失败：${detail}`,
    `Could not save or read the ${what.en}: ${detail}`,
    { cause: e },
  );
}
