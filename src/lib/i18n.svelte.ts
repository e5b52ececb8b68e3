/**
 * Chinese by default, English on a switch. Strings stay next to the component that shows them:
 * `tr('评分虚高', 'Score inflation')`.
 */
export type Lang = 'zh' | 'en';

export const locale = $state<{ lang: Lang }>({ lang: 'zh' });

export function tr(zh: string, en: string): string {
  return locale.lang === 'zh' ? zh : en;
}

/** Integers with thousands separators, digits only (1,000,000). */
export function formatCount(n: number | bigint): string {
  return (typeof n === 'bigint' ? n : Math.round(n)).toLocaleString('en-US');
}
