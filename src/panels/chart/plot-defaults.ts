import type { PlotOptions } from '@observablehq/plot';

/** Chinese glyphs first: without a CJK font in the stack, axis labels render as boxes on some systems. */
export const CHART_FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';

/** Threshold colours shared by panels, so 60/80/90 look the same everywhere. */
export const CHART_COLORS = {
  bar: '#4e79a7',
  muted: '#bab0ac',
  alert: '#e15759',
  rule: '#555',
} as const;

/**
 * Fills in what every chart in the app shares (font, width, font size) without overriding what the
 * panel set. A string `style` is kept as is, only prefixed with the font.
 */
export function withChartDefaults(options: PlotOptions, width: number): PlotOptions {
  const base = { fontFamily: CHART_FONT, fontSize: '12px', overflow: 'visible' };
  const style =
    typeof options.style === 'string'
      ? `font-family: ${CHART_FONT}; font-size: 12px; ${options.style}`
      : { ...base, ...(options.style ?? {}) };
  return { width: Math.max(240, Math.round(width)), ...options, style };
}
