/**
 * The number spellings real exports contain (DOMAIN.md, "What the exports look like"). Each takes the
 * clean spelling and returns the messy one; the generator decides, per cell, whether to apply it.
 */

const FULL_WIDTH_ZERO = 0xff10;

/** ９１ instead of 91 (digits only; the point stays ASCII as WPS usually leaves it). */
export function fullWidthDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(FULL_WIDTH_ZERO + d.charCodeAt(0) - 48));
}

/** 5,657.15 instead of 5657.15. */
export function thousandsSeparated(text: string): string {
  const [int = '', frac] = text.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + grouped + (frac === undefined ? '' : `.${frac}`);
}

/** 115. 00 instead of 115.00 — what PDF and Word extraction leave behind. */
export function spacedDecimal(text: string): string {
  return text.replace('.', '. ');
}

/** 73.68% instead of 73.68. */
export function percentString(text: string): string {
  return `${text}%`;
}
