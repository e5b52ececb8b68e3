/**
 * Mining throughput in Node: distinct texts per second.
 *   npx vite-node src/analysis/problem-phrases/perf/mine-bench.ts -- 50000 8000
 * (distinct texts, units; every text is given to 1–3 units.)
 */
import { minePhrases, type MiningInput } from '../mine';
import { prng, syntheticProblemTexts } from './synthetic';

const [textCount = 20_000, unitCount = 5_000] = process.argv
  .slice(2)
  .filter((a) => a !== '--')
  .map(Number);

const texts = [...new Set(syntheticProblemTexts(textCount))];
const r = prng(7);
const ids: number[] = [];
const offsets = new Int32Array(texts.length + 1);
texts.forEach((_, t) => {
  const units = new Set<number>();
  const k = 1 + Math.floor(r() * 3);
  while (units.size < k) units.add(Math.floor(r() * unitCount));
  ids.push(...units);
  offsets[t + 1] = ids.length;
});
const input: MiningInput = { texts, unitOffsets: offsets, unitIds: Int32Array.from(ids), unitCount };

const started = performance.now();
const mined = minePhrases(input, { maxTokens: Number(process.env.MAX_TOKENS ?? 8) });
const ms = performance.now() - started;
const chars = texts.reduce((s, t) => s + t.length, 0);
process.stdout.write(
  `${texts.length} distinct texts (${chars} chars), ${unitCount} units → ${mined.phrases.length} phrases, ` +
    `${mined.textPhrases.length} text×phrase pairs in ${ms.toFixed(0)} ms = ` +
    `${Math.round((texts.length / ms) * 1000)} texts/s\n`,
);
for (const p of mined.phrases.slice(0, 12)) process.stdout.write(`  ${p.units}\t${p.text}\n`);
