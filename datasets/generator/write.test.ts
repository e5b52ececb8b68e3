import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateText, type GeneratorConfig } from './generate';
import { encode } from './gb18030';
import { writeSynthetic } from './write';

const dir = mkdtempSync(join(tmpdir(), 'synthetic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeSynthetic', () => {
  it('streams exactly the text generate() gives, in the chosen encoding', () => {
    const config: GeneratorConfig = {
      units: 200,
      yearFrom: 2017,
      yearTo: 2023,
      seed: 'w',
      mess: 0.05,
      indicators: true,
      encoding: 'gb18030',
    };
    const files = writeSynthetic(config, dir);
    expect(files.map((f) => f.path)).toEqual([
      join(dir, 'synthetic-evaluations-2017-2023-gb18030.csv'),
      join(dir, 'synthetic-indicators-2017-2023-gb18030.csv'),
    ]);
    const text = generateText(config);
    // Buffer.equals, not toEqual: a deep compare of megabytes element by element takes minutes.
    expect(readFileSync(files[0]?.path as string).equals(encode(text.evaluations, 'gb18030'))).toBe(true);
    expect(readFileSync(files[1]?.path as string).equals(encode(text.indicators, 'gb18030'))).toBe(true);
  });
});
