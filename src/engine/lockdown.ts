/**
 * The engine lock-down. Measured with duckdb-wasm 1.32.0: by default SQL can fetch any URL
 * (read_csv('http://…')), and disabling HTTPFileSystem does not stop it in WASM. What does: every
 * dropped file lives under one virtual folder, and external access is switched off, then the
 * configuration is locked so user SQL cannot switch it back on.
 */
export const UPLOAD_DIR = '/uploads/';

export const LOCKDOWN_SQL: readonly string[] = [
  `SET allowed_directories=['${UPLOAD_DIR}']`,
  `SET enable_external_access=false`,
  `SET autoinstall_known_extensions=false`,
  `SET autoload_known_extensions=false`,
  `SET lock_configuration=true`,
];

/** The path a registered file is readable at from SQL. */
export function uploadPath(name: string): string {
  return UPLOAD_DIR + name;
}
