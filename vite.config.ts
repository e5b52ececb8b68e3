import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { precachePlugin } from './src/build/precache-plugin';

export default defineConfig({
  plugins: [svelte(), precachePlugin()],
  // Relative base so dist/ works from any static server and any sub-path.
  base: './',
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  worker: { format: 'es' },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
  test: {
    include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'datasets/**/*.test.ts'],
    // Timing runs are benchmarks, not tests: `npm run bench:analysis`.
    exclude: ['**/node_modules/**', '**/*.perf.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
