import Decimal from 'decimal.js';

/**
 * Money is exact: SQL hands amounts over as VARCHAR (CAST(x AS VARCHAR)) and they are formatted here
 * with decimal.js, never through a float.
 */
export function formatMoney(value: string | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || value === '') return '—';
  const d = new Decimal(value);
  const fixed = d.toFixed(decimals, Decimal.ROUND_HALF_UP);
  const [int = '0', frac] = fixed.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + grouped + (frac !== undefined ? '.' + frac : '');
}

/** Exact sum of decimal strings (nulls skipped). */
export function sumMoney(values: readonly (string | null)[]): string {
  return values.reduce((acc, v) => (v === null ? acc : acc.plus(v)), new Decimal(0)).toString();
}
