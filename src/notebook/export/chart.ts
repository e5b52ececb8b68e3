/**
 * Chart export: the rendered SVG as a standalone file, or drawn to PNG through an <img> of a
 * data: URL (never the network) onto a canvas.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';

/** The chart as a standalone SVG document (Plot keeps its styles inside the <svg>). */
export function chartToSvg(svg: SVGElement): string {
  const copy = svg.cloneNode(true) as SVGElement;
  copy.setAttribute('xmlns', SVG_NS);
  copy.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  const { width, height } = svgSize(svg);
  if (!copy.getAttribute('width')) copy.setAttribute('width', String(width));
  if (!copy.getAttribute('height')) copy.setAttribute('height', String(height));
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy);
}

function svgSize(svg: SVGElement): { width: number; height: number } {
  const w = Number.parseFloat(svg.getAttribute('width') ?? '');
  const h = Number.parseFloat(svg.getAttribute('height') ?? '');
  if (w > 0 && h > 0) return { width: w, height: h };
  const box = svg.getBoundingClientRect();
  return { width: Math.max(1, Math.round(box.width)), height: Math.max(1, Math.round(box.height)) };
}

/** The chart as a PNG at `scale`× its size, on a white background (for pasting into reports). */
export async function chartToPng(svg: SVGElement, scale = 2): Promise<Blob> {
  const { width, height } = svgSize(svg);
  const img = new Image();
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(chartToSvg(svg));
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('Canvas 2D is not available in this browser.');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed.'))), 'image/png'),
  );
}
