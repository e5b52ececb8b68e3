import { describe, expect, it } from 'vitest';
import { CHART_FONT, withChartDefaults } from './plot-defaults';

describe('withChartDefaults', () => {
  it('puts the CJK font first and keeps the panel options', () => {
    const o = withChartDefaults({ height: 200, marginLeft: 80 }, 500);
    expect(o.width).toBe(500);
    expect(o.height).toBe(200);
    expect(o.marginLeft).toBe(80);
    expect(o.style).toMatchObject({ fontFamily: CHART_FONT });
    expect(CHART_FONT.startsWith('"Noto Sans CJK SC"')).toBe(true);
  });

  it('lets a panel override width and style fields', () => {
    const o = withChartDefaults({ width: 300, style: { fontSize: '10px' } }, 800);
    expect(o.width).toBe(300);
    expect(o.style).toMatchObject({ fontFamily: CHART_FONT, fontSize: '10px' });
  });

  it('never renders narrower than 240px (hidden tabs report width 0)', () => {
    expect(withChartDefaults({}, 0).width).toBe(240);
  });

  it('keeps a string style, prefixed with the font', () => {
    const o = withChartDefaults({ style: 'color: red;' }, 400);
    expect(o.style).toContain(CHART_FONT);
    expect(o.style).toContain('color: red;');
  });
});
