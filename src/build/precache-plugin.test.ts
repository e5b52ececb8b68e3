import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { describe, expect, test } from 'vitest';
import { precachePlugin, serviceWorkerSource } from './precache-plugin';

async function buildFixture(main: string): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'sw-'));
  mkdirSync(join(root, 'public', 'demo'), { recursive: true });
  writeFileSync(join(root, 'public', 'demo', '2023自评 样例.csv'), '单位,得分\n甲,90\n');
  writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>');
  writeFileSync(join(root, 'worker.js'), 'self.onmessage = () => self.postMessage(1);');
  writeFileSync(join(root, 'blob.wasm'), new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  writeFileSync(join(root, 'style.css'), 'body { color: red }');
  writeFileSync(join(root, 'main.js'), main);
  await build({
    root,
    base: './',
    logLevel: 'silent',
    configFile: false,
    plugins: [precachePlugin()],
    worker: { format: 'es' },
    build: { outDir: join(root, 'dist'), sourcemap: true, assetsInlineLimit: 0 },
  });
  return join(root, 'dist');
}

const MAIN = `import './style.css';
import wasm from './blob.wasm?url';
new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
console.warn(wasm);`;

describe('precachePlugin', () => {
  test('writes sw.js listing every built file, relative, without source maps', async () => {
    const dist = await buildFixture(MAIN);
    const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
    const files = JSON.parse(/const FILES = (\[.*\]);/.exec(sw)![1]!) as string[];
    expect(files[0]).toBe('./');
    expect(files).toContain('index.html');
    expect(files).toContain(encodeURI('demo/2023自评 样例.csv'));
    for (const pattern of [
      /^assets\/index-.*\.js$/,
      /^assets\/index-.*\.css$/,
      /^assets\/blob-.*\.wasm$/,
      /^assets\/worker-.*\.js$/,
    ])
      expect(
        files.some((f) => pattern.test(f)),
        String(pattern),
      ).toBe(true);
    expect(files.some((f) => f.endsWith('.map') || f === 'sw.js' || f.startsWith('/'))).toBe(false);
  });

  test('the version changes with the content and only then', async () => {
    const version = (dist: string) =>
      /const CACHE = "selfeval-lens-([0-9a-f]{16})"/.exec(readFileSync(join(dist, 'sw.js'), 'utf8'))![1];
    const a = version(await buildFixture(MAIN));
    const b = version(await buildFixture(MAIN));
    const c = version(await buildFixture(MAIN + '\nconsole.warn(2);'));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });
}, 120_000);

/** Runs the generated worker against small fakes of the service-worker globals. */
function runWorker(files: string[]) {
  const listeners: Record<string, (e: unknown) => void> = {};
  const stores = new Map<string, Map<string, string>>([
    ['selfeval-lens-old', new Map()],
    ['other-app', new Map()],
  ]);
  const added: string[] = [];
  const network: string[] = [];
  const cacheFor = (name: string) => {
    const entries = stores.get(name) ?? new Map<string, string>();
    stores.set(name, entries);
    return {
      async addAll(reqs: Request[]) {
        for (const r of reqs) {
          added.push(r.url);
          entries.set(r.url, `cached ${r.url}`);
        }
      },
      async match(r: Request | string) {
        const body = entries.get(typeof r === 'string' ? r : r.url);
        return body === undefined ? undefined : new Response(body);
      },
    };
  };
  const self = {
    location: new URL('https://host.example/app/sw.js'),
    registration: { scope: 'https://host.example/app/' },
    addEventListener: (type: string, f: (e: unknown) => void) => (listeners[type] = f),
    skipWaiting: async () => {},
    clients: { claim: async () => {} },
  };
  const caches = {
    open: async (name: string) => cacheFor(name),
    keys: async () => [...stores.keys()],
    delete: async (name: string) => stores.delete(name),
  };
  const fetch = async (r: Request) => {
    network.push(r.url);
    return new Response('network');
  };
  // Request resolves relative URLs against the worker's location, as in a real worker.
  const RelRequest = class extends Request {
    constructor(input: string, init?: RequestInit) {
      super(new URL(input, self.location).href, init);
    }
  };
  new Function('self', 'caches', 'fetch', 'Request', serviceWorkerSource(files, 'v1'))(
    self,
    caches,
    fetch,
    RelRequest,
  );
  return { listeners, stores, added, network };
}

async function dispatch(listener: ((e: unknown) => void) | undefined, request?: Request) {
  let waited: Promise<unknown> | undefined;
  let response: Promise<Response> | undefined;
  listener!({
    request,
    waitUntil: (p: Promise<unknown>) => (waited = p),
    respondWith: (p: Promise<Response>) => (response = p),
  });
  await waited;
  return response && (await response);
}

describe('service worker', () => {
  test('install precaches relative to its own URL; activate drops only its old caches', async () => {
    const sw = runWorker(['index.html', 'assets/app.js']);
    await dispatch(sw.listeners.install);
    expect(sw.added).toEqual([
      'https://host.example/app/',
      'https://host.example/app/index.html',
      'https://host.example/app/assets/app.js',
    ]);
    await dispatch(sw.listeners.activate);
    expect([...sw.stores.keys()].sort()).toEqual(['other-app', 'selfeval-lens-v1']);
  });

  test('fetch: cache first for same-origin GET, index.html for navigations, hands off the rest', async () => {
    const sw = runWorker(['index.html', 'assets/app.js']);
    await dispatch(sw.listeners.install);
    const hit = await dispatch(sw.listeners.fetch, new Request('https://host.example/app/assets/app.js'));
    expect(await hit!.text()).toBe('cached https://host.example/app/assets/app.js');
    const miss = await dispatch(sw.listeners.fetch, new Request('https://host.example/app/other.js'));
    expect(await miss!.text()).toBe('network');
    expect(sw.network).toEqual(['https://host.example/app/other.js']);
    // Cross-origin and non-GET: not answered by the worker at all.
    expect(await dispatch(sw.listeners.fetch, new Request('https://cdn.example/x.js'))).toBeUndefined();
    expect(
      await dispatch(sw.listeners.fetch, new Request('https://host.example/app/x', { method: 'POST' })),
    ).toBeUndefined();
  });
});
