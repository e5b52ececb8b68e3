import { execSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureChromium } from './chromium';
import { serveStatic, type StaticServer } from './static-server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

let server: StaticServer | undefined;

/** Builds the production bundle once and serves it on loopback for every browser test file. */
export async function setup(project: TestProject) {
  ensureChromium();
  const root = resolve(import.meta.dirname, '../..');
  if (!process.env.SKIP_BUILD)
    execSync('npx vite build --logLevel warn', {
      cwd: root,
      stdio: 'inherit',
      // vitest sets NODE_ENV=test, which would build a non-production bundle (no service worker).
      env: { ...process.env, NODE_ENV: 'production' },
    });
  server = await serveStatic(resolve(root, 'dist'));
  project.provide('baseUrl', server.url);
}

export async function teardown() {
  await server?.close();
}
