/** CSV writing as Excel does it: CRLF rows, fields quoted only when they must be. */

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRow(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + '\r\n';
}

/** Hundredths → fixed two decimals (12345 → "123.45"). Integers only, so output is exact. */
export function fixed2(hundredths: number): string {
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  const frac = abs % 100;
  return `${sign}${(abs - frac) / 100}.${frac < 10 ? '0' : ''}${frac}`;
}

/** A score as units write it: 91, 96.5 or 91.25 (hundredths in, shortest exact spelling out). */
export function scoreText(hundredths: number): string {
  if (hundredths % 100 === 0) return String(hundredths / 100);
  if (hundredths % 10 === 0) return fixed2(hundredths).slice(0, -1);
  return fixed2(hundredths);
}
