import { defineConfig } from 'vitest/config';

/** Analysis timings on a million generated rows in Node (duckdb-wasm). Prints figures; not part of `npm test`. */
export default defineConfig({
  test: {
    include: ['src/**/*.perf.test.ts'],
    environment: 'node',
    testTimeout: 900_000,
    hookTimeout: 900_000,
    fileParallelism: false,
  },
});
