/**
 * Self-hosted DuckDB-WASM bundles: Vite copies these files into dist/ and gives their URLs, so the
 * engine never loads anything from a CDN (duckdb-wasm's jsDelivr default is never used).
 */
import mvpModule from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehModule from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import type { DuckDBBundles } from '@duckdb/duckdb-wasm';

export const SELF_HOSTED_BUNDLES: DuckDBBundles = {
  mvp: { mainModule: mvpModule, mainWorker: mvpWorker },
  eh: { mainModule: ehModule, mainWorker: ehWorker },
};
