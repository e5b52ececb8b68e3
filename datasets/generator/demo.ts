/** Regenerates public/demo/: `npx vite-node datasets/generator/demo.ts`. */
import { copyFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { writeSynthetic } from './write';
import { DATASETS_DIR, DEMO_CONFIG, DEMO_DIR, DEMO_SEED_FILES, demoManifest } from './demo-config';

const dir = fileURLToPath(DEMO_DIR);
const written = writeSynthetic(DEMO_CONFIG, dir);
for (const name of DEMO_SEED_FILES) copyFileSync(join(fileURLToPath(DATASETS_DIR), name), join(dir, name));
writeFileSync(join(dir, 'manifest.json'), JSON.stringify(demoManifest(), null, 2) + '\n');
for (const f of written) console.log(`${f.path}  ${(f.bytes / 1e6).toFixed(2)} MB`);
console.log(`wrote ${dir}manifest.json`);
