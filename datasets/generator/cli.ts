/** `npm run gen -- --units N --years 2017-2023 --seed S --out DIR [...]` — see datasets/generator/README.md. */
import { parseArgs } from './args';
import { writeSynthetic } from './write';

try {
  const { config, out } = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const files = writeSynthetic(config, out);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  for (const f of files) console.log(`${f.path}  ${(f.bytes / 1e6).toFixed(2)} MB`);
  console.log(`done in ${seconds} s`);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
