/**
 * The shapes analysts expect to find (docs: /work/shared/DOMAIN.md): scores bunched just above the
 * 优 threshold, execution rates piled at 95–100% with a long low tail, budgets over orders of magnitude.
 * Money is carried as integer 分 of 万元 (hundredths), so every sum is exact.
 */
import type { Rng } from './prng';

export type Grade = '优' | '良' | '中' | '差';

/** The published rule: 优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60. */
export function gradeFor(score: number): Grade {
  if (score >= 90) return '优';
  if (score >= 80) return '良';
  if (score >= 60) return '中';
  return '差';
}

/** Score in hundredths (9150 = 91.50), mostly integers. */
export function sampleScore(rng: Rng, executionRate: number): number {
  const r = rng.next();
  let score: number;
  if (r < 0.11) {
    // Thin tail below the threshold, densest in the 80s.
    score = 90 - Math.min(50, -Math.log(1 - rng.next()) * 7);
  } else if (r < 0.3) {
    // Bunching just above 90: the self-scores that were nudged over the line.
    score = 90 + rng.next() * 2;
  } else if (r < 0.38) {
    score = 100;
  } else {
    score = 100 - Math.abs(rng.normal()) * 3.5;
    if (score < 90) score = 90 + rng.next() * 10;
  }
  // Low execution costs a few points, but usually not enough to leave 优.
  if (executionRate < 80 && rng.chance(0.5)) score -= rng.next() * 4;
  const style = rng.next();
  const hundredths =
    style < 0.7
      ? Math.round(score) * 100
      : style < 0.9
        ? Math.round(score * 2) * 50
        : Math.round(score * 100);
  return Math.max(3000, Math.min(10000, hundredths));
}

/** The grade a unit writes down: the rule, except for a few generous (or careless) ones. */
export function sampleGrade(rng: Rng, score: number): Grade {
  const fair = gradeFor(score);
  if (!rng.chance(0.05)) return fair;
  if (fair === '良') return '优';
  if (fair === '中') return rng.chance(0.7) ? '良' : '优';
  if (fair === '差') return '中';
  return '良';
}

/** Execution rate in percent (2 decimals). */
export function sampleExecutionRate(rng: Rng): number {
  const r = rng.next();
  let rate: number;
  if (r < 0.2) rate = 100;
  else if (r < 0.75) rate = 95 + rng.next() * 5;
  else if (r < 0.93) rate = 80 + rng.next() * 15;
  else if (r < 0.98) rate = 80 - Math.min(75, -Math.log(1 - rng.next()) * 15);
  else rate = 100 + rng.next() * 15;
  return Math.round(rate * 100) / 100;
}

/** Full-year budget in hundredths of 万元: log-normal around 300 万元, from ~1 to ~100,000 万元. */
export function sampleBudget(rng: Rng): number {
  const wan = Math.exp(Math.log(300) + rng.normal() * 1.6);
  return Math.max(100, Math.min(10_000_000_00, Math.round(wan * 100)));
}

/** 年初预算数: often equal to the full-year budget, otherwise adjusted during the year. */
export function sampleInitialBudget(rng: Rng, budget: number): number {
  if (rng.chance(0.55)) return budget;
  return Math.round(budget * rng.uniform(0.6, 1.05));
}
