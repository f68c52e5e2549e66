// Self-contained HTML report: one file, inline CSS and SVG charts, no external request, every value escaped.
import { escapeHtml } from '../format/format.ts';
import { buildReportModel, type ReportInput } from './model.ts';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#1c2430;background:#fff}
h1{font-size:24px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #d9dde3;padding-bottom:4px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top}
th{background:#f6f7f9}.critical{color:#b91c1c;font-weight:600}.high{color:#c2410c;font-weight:600}.medium{color:#a16207}
.summary{font-size:15px;padding:10px 14px;background:#f6f7f9;border-radius:8px}.meta{color:#5b6675}
figure{margin:12px 0;border:1px solid #e5e7eb;border-radius:8px;padding:8px}figcaption{font-weight:600;font-size:13px;margin-bottom:4px}
ol li{margin-bottom:6px}
@media (prefers-color-scheme: dark){body{background:#11151b;color:#e4e8ee}th{background:#1a2029}.summary{background:#1a2029}td,th{border-color:#2f3845}figure{border-color:#2f3845}}
`;

function table(columns: string[], rows: string[][], severityColumn = -1, links: (string | null)[][] = []): string {
  const head = `<tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const content = (cell: string, link: string | null | undefined) =>
    link ? `<a href="${escapeHtml(link)}">${escapeHtml(cell)}</a>` : escapeHtml(cell);
  const body = rows
    .map(
      (r, j) =>
        `<tr>${r.map((cell, i) => `<td${i === severityColumn ? ` class="${escapeHtml(cell)}"` : ''}>${content(cell, links[j]?.[i])}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
}

/** Only SVG our chart functions produced is inlined; anything that could run script is removed. */
export function sanitizeSvg(svg: string): string {
  return svg
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/\son\w+\s*=\s*("[^"]*"|'[^']*')/gi, '')
    .replace(/(href|src)\s*=\s*("|')\s*(javascript|https?):[^"']*\2/gi, '');
}

export function htmlReport(input: ReportInput): string {
  const m = buildReportModel(input);
  const severityColumn = m.regressionColumns.indexOf('Severity');
  const parts: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(m.title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(m.title)}</h1>`,
    `<p class="meta">Generated ${escapeHtml(m.generated)} · Period ${escapeHtml(m.period)} · Method: ${escapeHtml(m.method)} · Data: ${escapeHtml(m.sources.join(', ') || '—')}</p>`,
    `<p class="meta" id="windows">${escapeHtml(m.windows)}</p>`,
  ];
  if (m.link && /^https?:\/\//.test(m.link))
    parts.push(`<p class="meta">Open this view: <a href="${escapeHtml(m.link)}">${escapeHtml(m.link)}</a></p>`);
  parts.push(
    '<h2>Summary</h2>',
    `<p class="summary" id="summary">${escapeHtml(m.summary.sentence)}</p>`,
    ...(m.incidents.length
      ? [
          '<p>Incidents: regressions of several series at the same commit, counted once.</p><ul id="incidents">',
          ...m.incidents.map((i) => `<li>${escapeHtml(i)}</li>`),
          '</ul>',
        ]
      : []),
    `<ul><li>Regressions: <b>${m.summary.regressions}</b> (critical ${m.summary.critical}, high ${m.summary.high}, medium ${m.summary.medium})</li>`,
    `<li>Trends ${escapeHtml(m.trendSummary)}</li>`,
    `<li>Outliers (single-sample spikes, not regressions): ${m.summary.outliers}</li></ul>`,
    '<h2>Visualizations</h2>',
  );
  const charts = input.charts ?? [];
  if (charts.length === 0) parts.push('<p>No regressed series to chart.</p>');
  for (const chart of charts)
    parts.push(`<figure><figcaption>${escapeHtml(chart.title)}</figcaption>${sanitizeSvg(chart.svg)}</figure>`);
  parts.push('<h2>Regressions</h2>');
  if (m.regressions.length === 0) parts.push('<p>No regressions detected in this period.</p>');
  else {
    parts.push(
      table(
        m.regressionColumns,
        m.regressions.map((r) => r.cells),
        severityColumn,
        m.regressions.map((r) => r.links),
      ),
    );
    parts.push('<h3>Evidence</h3><ol>', ...m.regressions.map((r) => `<li>${escapeHtml(r.evidence)}</li>`), '</ol>');
    if (m.truncated.regressions) parts.push(`<p>…and ${m.truncated.regressions} more.</p>`);
  }
  parts.push('<h2>Trends</h2>', `<p>${escapeHtml(m.trendNote)}</p>`);
  if (m.trends.length === 0) parts.push('<p>Not enough samples for trends in this window.</p>');
  else {
    parts.push(table(m.trendColumns, m.trends));
    if (m.truncated.trends) parts.push(`<p>…and ${m.truncated.trends} more.</p>`);
  }
  if (m.outliers.length)
    parts.push('<h2>Outliers</h2><ul>', ...m.outliers.map((o) => `<li>${escapeHtml(o)}</li>`), '</ul>');
  if (m.sensitivity) {
    parts.push(
      '<h2>Sensitivity</h2>',
      `<p>${escapeHtml(m.sensitivity.note)}</p>`,
      table(m.sensitivity.columns, m.sensitivity.rows),
    );
    if (m.sensitivity.truncated) parts.push(`<p>…and ${m.sensitivity.truncated} more.</p>`);
  }
  parts.push('<p class="meta">Generated by perftrack.</p></body></html>', '');
  return parts.join('\n');
}
