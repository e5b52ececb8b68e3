/**
 * Serializes a rendered chart for download. Plot returns either an <svg> or, when it has a legend or
 * caption, a <figure> around one or more <svg>; the first <svg> is the chart itself.
 */
export function chartSvgMarkup(element: Element): string | null {
  const svg = element instanceof SVGSVGElement ? element : element.querySelector('svg');
  if (!svg) return null;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return new XMLSerializer().serializeToString(copy);
}
