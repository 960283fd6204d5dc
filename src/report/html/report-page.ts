/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The HTML report's page script runs in the browser, not in Node. Each exported function here and in the other
// report-*.ts files is inlined into the report with Function.prototype.toString (see html-report.ts), so it must
// not use anything from outside its own body and parameters (the types it names are erased). Elements are built
// with textContent, never innerHTML, so a model's answer can never inject markup into the report.
import type { HtmlReportData } from './report-data.js';

/** The parts of Observable Plot the page uses (the library is inlined beside this script as `Plot`). */
export interface PlotLibrary {
  plot(options: Record<string, unknown>): Element;
  dot(data: readonly object[], options: Record<string, unknown>): unknown;
  ruleX(data: readonly object[], options: Record<string, unknown>): unknown;
  ruleY(data: readonly number[], options: Record<string, unknown>): unknown;
  line(data: readonly object[], options: Record<string, unknown>): unknown;
  text(data: readonly object[], options: Record<string, unknown>): unknown;
}

/** DOM building and number formatting shared by every part of the page. */
export function pageHelpers(data: HtmlReportData) {
  const el = <K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attributes: Record<string, string> = {},
    ...children: Array<Node | string | null>
  ): HTMLElementTagNameMap[K] => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    for (const child of children) if (child !== null) node.append(child);
    return node;
  };
  const byId = (id: string): HTMLElement => {
    const found = document.getElementById(id);
    if (!found) throw new Error(`the report page has no #${id}`);
    return found;
  };
  const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
  const usd = (value: number | null): string => {
    if (value === null) return 'unpriced';
    if (value === 0) return '$0';
    if (value >= 100) return `$${Math.round(value).toLocaleString('en-US')}`;
    return value >= 1 ? `$${value.toFixed(2)}` : `$${value.toPrecision(2)}`;
  };
  const saving = (value: number | null): string =>
    value === null ? '–' : value >= 0 ? usd(value) : `costs ${usd(-value)} more`;
  const ms = (value: number | null): string => (value === null ? '–' : `${Math.round(value)} ms`);
  const labelOf = (row: { model: string; prompt: string }): string =>
    data.columns.find((column) => column.model === row.model && column.prompt === row.prompt)?.label ??
    row.model;

  return { el, byId, percent, usd, saving, ms, labelOf };
}

export type PageHelpers = ReturnType<typeof pageHelpers>;
