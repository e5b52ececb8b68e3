export { NotebookError, NotebookFormatError } from './errors';
export {
  emptyNotebook,
  parseNotebookState,
  parseFilters,
  LIMITS,
  type NotebookState,
  type NotebookCell,
  type DatasetFingerprint,
  type ChartSettings,
} from './state';
export { encodeState, decodeState, shareUrl, MAX_FRAGMENT, MAX_JSON_BYTES } from './codec';
export {
  fingerprintBytes,
  compareFingerprints,
  type FingerprintComparison,
  type FingerprintDifference,
} from './fingerprint';
