// The HTML report (`--output report.html`): one self-contained file that opens offline. Observable Plot and d3
// are inlined from their npm packages, the run's data is embedded as JSON, and the page script draws the rest.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Comparison } from '../../scorecard/compare-sides.js';
import type { ReportSource } from '../../scorecard/report-source.js';
import type { RunSummary } from '../../scorecard/run-summary.js';
import { writeChunks } from '../write-lines.js';
import { renderCases } from './report-cases.js';
import { renderComparisons } from './report-comparisons.js';
import { buildHtmlReportData, type HtmlReportData } from './report-data.js';
import { renderFrontier } from './report-frontier.js';
import { pageHelpers } from './report-page.js';
import { renderHeader, renderSummaryTable } from './report-summary.js';

/** The minified browser build of a package, found beside its main entry (`<package>/dist/<file>`). */
const readBrowserBuild = (packageName: string, file: string): string => {
  const require = createRequire(import.meta.url);
  const entry = require.resolve(packageName);
  return readFileSync(path.join(path.dirname(entry), '..', 'dist', file), 'utf8');
};

/** Keeps inlined text from closing its <script> element early; `<\/` means the same inside JavaScript strings. */
const safeScript = (code: string): string =>
  code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

/** JSON that is safe inside <script>: every `<` is escaped, which JSON.parse reads back as `<`. */
const safeJson = (data: HtmlReportData): string => JSON.stringify(data).replace(/</g, '\\u003c');

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const styles = `
:root { --fg: #111827; --muted: #6b7280; --line: #e5e7eb; --ok: #15803d; --no: #b91c1c; --mixed: #b45309;
  --ok-bg: #dcfce7; --no-bg: #fee2e2; --mixed-bg: #fef3c7; --err-bg: #e5e7eb; --accent: #2563eb; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); margin: 0 auto;
  max-width: 1200px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 16px 0 6px; }
.muted { color: var(--muted); } .ok { color: var(--ok); } .no { color: var(--no); }
.callout { border-left: 4px solid var(--accent); background: #eff6ff; padding: 8px 12px; margin: 8px 0; }
.callout.good { border-color: var(--ok); background: var(--ok-bg); } .callout.bad { border-color: var(--no); background: var(--no-bg); }
table { border-collapse: collapse; margin: 8px 0; } th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
#summary td:not(:first-child), #summary th:not(:first-child) { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
details > summary { cursor: pointer; color: var(--accent); margin: 4px 0; }
tr.pick td { background: #eff6ff; font-weight: 600; }
.views button { font: inherit; border: 1px solid var(--line); background: #fff; padding: 4px 12px; cursor: pointer; }
.views button[aria-pressed="true"] { background: var(--accent); color: #fff; border-color: var(--accent); }
.matrix-wrap { overflow: auto; max-height: 70vh; border: 1px solid var(--line); }
#matrix th { position: sticky; top: 0; background: #fff; } #matrix tbody th { position: sticky; left: 0; font-weight: normal; }
td.cell { text-align: center; cursor: pointer; min-width: 56px; }
td.pass { background: var(--ok-bg); color: var(--ok); } td.fail { background: var(--no-bg); color: var(--no); }
td.mixed { background: var(--mixed-bg); color: var(--mixed); } td.error { background: var(--err-bg); }
td.none { color: var(--muted); text-align: center; } td.selected { outline: 2px solid var(--accent); outline-offset: -2px; }
td.regressed { color: var(--no); font-weight: 600; } td.fixed { color: var(--ok); }
#details { border: 1px solid var(--line); padding: 8px 16px; margin-top: 12px; background: #fafafa; }
pre { white-space: pre-wrap; word-break: break-word; background: #f3f4f6; padding: 8px; margin: 4px 0; max-height: 320px; overflow: auto; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
`;

/** The page script: each part is a self-contained function, inlined by its source text and called in order. */
const pageScript = (): string =>
  [
    '(() => {',
    'const data = JSON.parse(document.getElementById("yardstick-data").textContent);',
    `const h = (${pageHelpers})(data);`,
    `(${renderHeader})(data, h);`,
    `(${renderFrontier})(data, h, window.Plot);`,
    `(${renderSummaryTable})(data, h);`,
    `(${renderComparisons})(data, h);`,
    `(${renderCases})(data, h);`,
    'document.body.dataset.rendered = "true";',
    '})();',
  ].join('\n');

function* htmlChunks(data: HtmlReportData): Generator<string> {
  const title = `${data.summary.run.suite}: yardstick report`;
  yield `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n`;
  yield `<meta name="viewport" content="width=device-width, initial-scale=1">\n`;
  yield `<title>${escapeHtml(title)}</title>\n<style>${styles}</style>\n</head>\n<body>\n`;
  yield `<header><h1 id="title"></h1><p id="run-line" class="muted"></p><div id="notes"></div></header>
<main>
<section><h2>Pass rate against cost and latency</h2>
<p class="muted">Each model's pass rate with its 95% interval. Models on the dashed frontier are Pareto-optimal: no other model is both cheaper (or faster) and better.</p>
<div class="views" role="group" aria-label="x axis"><button id="view-cost" type="button">vs cost per 1,000 calls</button><button id="view-latency" type="button">vs p95 latency</button></div>
<figure id="frontier-cost"></figure><figure id="frontier-latency"></figure></section>
<section><h2>Summary</h2><table id="summary"></table></section>
<section id="comparison"><h2>Against the baseline</h2></section>
<section><h2>Cases</h2><p class="muted">Green passed, red failed, amber passed some repeats; click a cell for the answer and each check's reason.</p>
<div class="matrix-wrap"><table id="matrix"></table></div><p id="matrix-note" class="muted"></p><div id="details" hidden></div></section>
<section><h2>Flaky cases</h2><div id="flaky"></div></section>
<section><h2>Failures (<span id="failure-count">0</span>)</h2><div id="failures"></div></section>
</main>
<footer>Made by yardstick on ${escapeHtml(data.generatedAt)}. Self-contained: charts by Observable Plot and d3, inlined.</footer>\n`;
  yield `<script>${safeScript(readBrowserBuild('d3', 'd3.min.js'))}</script>\n`;
  yield `<script>${safeScript(readBrowserBuild('@observablehq/plot', 'plot.umd.min.js'))}</script>\n`;
  yield `<script type="application/json" id="yardstick-data">${safeJson(data)}</script>\n`;
  yield `<script>${safeScript(pageScript())}</script>\n`;
  yield '</body>\n</html>\n';
}

export interface HtmlReportOptions {
  comparisons?: Comparison[];
  threshold?: number;
}

export const writeHtmlReport = async (
  file: string,
  summary: RunSummary,
  source: ReportSource,
  options: HtmlReportOptions = {},
): Promise<void> => {
  const data = await buildHtmlReportData(summary, source, options);
  return writeChunks(file, htmlChunks(data));
};
