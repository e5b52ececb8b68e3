/** What public/demo/ holds. demo.ts writes it; demo.test.ts checks the committed files still match. */
import { fileNames, type GeneratorConfig } from './generate';

export const DEMO_CONFIG: GeneratorConfig = {
  units: 300,
  yearFrom: 2017,
  yearTo: 2023,
  seed: 'selfeval-lens-demo',
  mess: 0.02,
  indicators: true,
  encoding: 'utf-8',
};

/** Seed files copied verbatim from datasets/ (seed-project-amounts.csv is not an evaluation table). */
export const DEMO_SEED_FILES: readonly string[] = ['seed-evaluations.csv', 'seed-indicators.csv'];

export function demoManifest(): { files: string[] } {
  const names = fileNames(DEMO_CONFIG);
  return { files: [...DEMO_SEED_FILES, names.evaluations, names.indicators] };
}

export const DEMO_DIR = new URL('../../public/demo/', import.meta.url);
export const DATASETS_DIR = new URL('../', import.meta.url);
