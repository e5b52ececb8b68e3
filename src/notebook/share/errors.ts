/**
 * Errors the notebook shows to an analyst. Each carries both languages so the caller picks one with
 * `tr(error.zh, error.en)`; `message` is the English text for logs and tests.
 */
export class NotebookError extends Error {
  override readonly name: string = 'NotebookError';
  constructor(
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    options?: { cause?: unknown },
  ) {
    super(en, options);
  }
}

/** A share link or notebook file that cannot be opened: wrong version, damaged, too large, or invalid. */
export class NotebookFormatError extends NotebookError {
  override readonly name = 'NotebookFormatError';
  constructor(
    override readonly code: 'version' | 'malformed' | 'too-large' | 'invalid',
    zh: string,
    en: string,
    options?: { cause?: unknown },
  ) {
    super(code, zh, en, options);
  }
}
