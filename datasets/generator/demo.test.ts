import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateText } from './generate';
import { DATASETS_DIR, DEMO_CONFIG, DEMO_DIR, DEMO_SEED_FILES, demoManifest } from './demo-config';

const demo = fileURLToPath(DEMO_DIR);
const read = (name: string): Buffer => readFileSync(join(demo, name));

// If this fails, regenerate with `npx vite-node datasets/generator/demo.ts` and commit public/demo/.
describe('public/demo', () => {
  it('lists its files in manifest.json, all present', () => {
    const manifest = JSON.parse(read('manifest.json').toString('utf8')) as { files: string[] };
    expect(manifest).toEqual(demoManifest());
    for (const f of manifest.files) expect(existsSync(join(demo, f))).toBe(true);
  });

  it('holds the seed files unchanged', () => {
    for (const name of DEMO_SEED_FILES) {
      expect(read(name).equals(readFileSync(join(fileURLToPath(DATASETS_DIR), name)))).toBe(true);
    }
  });

  it('holds exactly what the generator produces for DEMO_CONFIG', () => {
    const text = generateText(DEMO_CONFIG);
    const [, , evaluations, indicators] = demoManifest().files as [string, string, string, string];
    expect(read(evaluations).toString('utf8') === text.evaluations).toBe(true);
    expect(read(indicators).toString('utf8') === text.indicators).toBe(true);
  });

  it('stays small enough to ship', () => {
    const total = demoManifest().files.reduce((s, f) => s + read(f).length, 0);
    expect(total).toBeLessThan(8e6);
  });
});
