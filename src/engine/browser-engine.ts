import * as duckdb from '@duckdb/duckdb-wasm';
import { SELF_HOSTED_BUNDLES } from './bundles';
import type { Connector } from './connector';
import { createWasmConnector } from './wasm-connector';

/**
 * Starts DuckDB-WASM in a Web Worker from the self-hosted bundles. The worker script is loaded from
 * our own origin (same-origin Worker), so no blob: trampoline and no CDN is needed.
 */
export async function startBrowserEngine(): Promise<Connector> {
  const bundle = await duckdb.selectBundle(SELF_HOSTED_BUNDLES);
  if (!bundle.mainWorker) throw new Error('No DuckDB worker bundle for this browser.');
  const worker = new Worker(bundle.mainWorker);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  await db.open({ query: { castBigIntToDouble: false } });
  const conn = await db.connect();
  return createWasmConnector(db, conn, worker);
}
