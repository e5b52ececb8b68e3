/**
 * Chinese by default, English on a switch. Strings stay next to the component that shows them:
 * `tr('评分虚高', 'Score inflation')`.
 */
export type Lang = 'zh' | 'en';

export const locale = $state<{ lang: Lang }>({ lang: 'zh' });

export function tr(zh: string, en: string): string {
  return locale.lang === 'zh' ? zh : en;
}

/** One formatter for every count: toLocaleString builds a new one per call, which a page of
 * tables at a million rows made cost ~50 ms of main thread per filter change. */
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Integers with thousands separators, digits only (1,000,000). */
export function formatCount(n: number | bigint): string {
  return COUNT.format(typeof n === 'bigint' ? n : Math.round(n));
}
