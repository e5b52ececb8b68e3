/**
 * A notebook as a file (`标题.selfeval.json`): the same value a share link carries, pretty-printed,
 * and read back through the same strict validation.
 */
import { MAX_JSON_BYTES } from '../share/codec';
import { NotebookFormatError } from '../share/errors';
import { parseNotebookState, type NotebookState } from '../share/state';

export const NOTEBOOK_EXTENSION = '.selfeval.json';
export const NOTEBOOK_MIME = 'application/json';

export function notebookToJson(state: NotebookState): string {
  return JSON.stringify(parseNotebookState(state), null, 2) + '\n';
}

export function notebookToFile(state: NotebookState): Blob {
  return new Blob([notebookToJson(state)], { type: NOTEBOOK_MIME });
}

/** A file name from the title, safe on Windows and macOS: `2023 自评复核.selfeval.json`. */
export function notebookFileName(title: string): string {
  const clean = title
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
  return (clean || 'notebook') + NOTEBOOK_EXTENSION;
}

export function notebookFromFile(text: string): NotebookState {
  if (text.length > MAX_JSON_BYTES)
    throw new NotebookFormatError(
      'too-large',
      '笔记本文件过大，已拒绝打开。',
      'The notebook file is too large.',
    );
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new NotebookFormatError(
      'malformed',
      '这不是有效的笔记本文件（.selfeval.json），可能已损坏。',
      'This is not a valid notebook file (.selfeval.json); it may be damaged.',
      { cause: e },
    );
  }
  return parseNotebookState(json);
}
