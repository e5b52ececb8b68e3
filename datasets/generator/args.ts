/** Command-line parsing for cli.ts, kept pure so its errors can be tested. */
import type { GeneratorConfig } from './generate';

export interface CliOptions {
  readonly config: GeneratorConfig;
  readonly out: string;
}

export const USAGE =
  'usage: npm run gen -- --units N --years 2017-2023 --seed S --out DIR [--encoding utf-8|gb18030] [--indicators] [--mess 0.05]';

export function parseArgs(argv: readonly string[]): CliOptions {
  // vite-node (and npm) may pass the `--` separator through; it is not an option.
  const args = argv.filter((a) => a !== '--');
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('--')) throw new Error(`unexpected argument “${a}”\n${USAGE}`);
    const [key, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (key === 'indicators') flags.add(key);
    else if (inline !== undefined) values.set(key, inline);
    else {
      const v = args[++i];
      if (v === undefined) throw new Error(`--${key} needs a value\n${USAGE}`);
      values.set(key, v);
    }
  }
  const known = new Set(['units', 'years', 'seed', 'out', 'encoding', 'mess']);
  for (const k of values.keys()) if (!known.has(k)) throw new Error(`unknown option --${k}\n${USAGE}`);

  const units = Number(values.get('units') ?? '100');
  if (!Number.isInteger(units) || units < 1) throw new Error(`--units must be a positive integer\n${USAGE}`);
  const years = /^(\d{4})(?:-(\d{4}))?$/.exec(values.get('years') ?? '2017-2023');
  if (!years) throw new Error(`--years must look like 2017-2023\n${USAGE}`);
  const yearFrom = Number(years[1]);
  const yearTo = Number(years[2] ?? years[1]);
  if (yearTo < yearFrom) throw new Error(`--years: ${yearTo} is before ${yearFrom}`);
  const mess = Number(values.get('mess') ?? '0');
  if (!(mess >= 0 && mess <= 1)) throw new Error(`--mess must be between 0 and 1\n${USAGE}`);
  const encoding = (values.get('encoding') ?? 'utf-8').toLowerCase();
  if (encoding !== 'utf-8' && encoding !== 'utf8' && encoding !== 'gb18030') {
    throw new Error(`--encoding must be utf-8 or gb18030\n${USAGE}`);
  }
  const out = values.get('out');
  if (!out) throw new Error(`--out DIR is required\n${USAGE}`);
  return {
    out,
    config: {
      units,
      yearFrom,
      yearTo,
      seed: values.get('seed') ?? '1',
      mess,
      indicators: flags.has('indicators'),
      encoding: encoding === 'gb18030' ? 'gb18030' : 'utf-8',
    },
  };
}
