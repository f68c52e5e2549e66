// Several charts under each other in one SVG document, each with a caption (for files and reports).

export function stackCharts(
  charts: { title: string; chart: Element }[],
  document: Document,
  heading = '',
): SVGSVGElement {
  const NS = 'http://www.w3.org/2000/svg';
  const root = document.createElementNS(NS, 'svg') as SVGSVGElement;
  const width = Math.max(320, ...charts.map((c) => Number(c.chart.getAttribute('width') ?? 640)));
  let y = 0;
  const text = (content: string, size: number, weight: string) => {
    const t = document.createElementNS(NS, 'text');
    t.setAttribute('x', '8');
    t.setAttribute('y', String(y + size + 4));
    t.setAttribute('font-size', String(size));
    t.setAttribute('font-weight', weight);
    t.setAttribute('font-family', 'system-ui, sans-serif');
    t.textContent = content;
    root.appendChild(t);
    y += size + 10;
  };
  if (heading) text(heading, 16, '600');
  if (charts.length === 0) text('No series with enough samples in this window.', 13, '400');
  for (const { title, chart } of charts) {
    text(title, 12, '600');
    const group = document.createElementNS(NS, 'g');
    group.setAttribute('transform', `translate(0, ${y})`);
    // Plot returns an <svg>; nesting it keeps its own viewBox and styles.
    group.appendChild(chart);
    root.appendChild(group);
    y += Number(chart.getAttribute('height') ?? 200) + 12;
  }
  root.setAttribute('xmlns', NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(y));
  root.setAttribute('viewBox', `0 0 ${width} ${y}`);
  return root;
}
