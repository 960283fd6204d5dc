// What the HTML report embeds: the summary as the run JSON has it, plus a bounded case matrix and the comparisons.
import type { Comparison } from '../../scorecard/compare-sides.js';
import type { ReportResult, ReportSource } from '../../scorecard/report-source.js';
import type { RunSummary } from '../../scorecard/run-summary.js';

/** One check of one result, as the detail panel shows it. */
export interface CheckView {
  name: string;
  pass: boolean;
  skipped: boolean;
  reason: string;
}

export interface ResultView {
  repeat: number;
  pass: boolean;
  output: string;
  /** `E_CODE: message` when the call got no answer. */
  error: string | null;
  latencyMs: number;
  costUsd: number | null;
  checks: CheckView[];
}

/** One case on one model (and prompt): its pass fraction over the repeats and every result. */
export interface CellView {
  passed: number;
  runs: number;
  errors: number;
  results: ResultView[];
}

export interface ComparisonView extends Omit<Comparison, 'cases'> {
  /** The cases whose outcome differs or fails, regressed first, at most `maxComparedCases`. */
  cases: Comparison['cases'];
  casesOmitted: number;
}

export interface HtmlReportData {
  generatedAt: string;
  summary: RunSummary;
  threshold: number | null;
  /** One column per model and prompt, in the summary's order. */
  columns: Array<{ model: string; prompt: string; label: string }>;
  /** Cases in the order first seen, each with one cell per column (null where that model has no result). */
  cases: Array<{ id: string; cells: Array<CellView | null> }>;
  /** Cases left out of the matrix to keep the file small; the run JSON has them all. */
  casesOmitted: number;
  comparisons: ComparisonView[];
}

export interface HtmlReportLimits {
  maxCases: number;
  maxOutputChars: number;
  maxComparedCases: number;
}

export const defaultHtmlLimits: HtmlReportLimits = {
  maxCases: 2_000,
  maxOutputChars: 2_000,
  maxComparedCases: 200,
};

const cut = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters in the run JSON)` : text;

const toResultView = async (result: ReportResult, maxOutputChars: number): Promise<ResultView> => ({
  repeat: result.repeat,
  pass: result.pass,
  output: cut(result.output, maxOutputChars),
  error: result.errorCode === null ? null : `${result.errorCode}: ${result.errorMessage ?? ''}`,
  latencyMs: result.latencyMs,
  costUsd: result.costUsd,
  checks:
    result.errorCode === null
      ? (await result.assertions()).map((outcome) => ({
          name: outcome.label ?? outcome.type,
          pass: outcome.pass,
          skipped: outcome.skipped === true,
          reason: cut(outcome.reason, maxOutputChars),
        }))
      : [],
});

export const buildHtmlReportData = async (
  summary: RunSummary,
  source: ReportSource,
  options: { comparisons?: Comparison[]; threshold?: number; limits?: HtmlReportLimits } = {},
): Promise<HtmlReportData> => {
  const limits = options.limits ?? defaultHtmlLimits;
  const multiPrompt = new Set(summary.summary.map((row) => row.prompt)).size > 1;
  const columns = summary.summary.map((row) => ({
    model: row.model,
    prompt: row.prompt,
    label: multiPrompt ? `${row.model} [${row.prompt}]` : row.model,
  }));
  const columnOf = new Map(columns.map((column, index) => [`${column.model}\u0000${column.prompt}`, index]));

  const cases: HtmlReportData['cases'] = [];
  const caseIndex = new Map<string, number>();
  const omitted = new Set<string>();
  for await (const result of source.results()) {
    let index = caseIndex.get(result.testId);
    if (index === undefined) {
      if (cases.length >= limits.maxCases) {
        omitted.add(result.testId);
        continue;
      }
      index = cases.length;
      caseIndex.set(result.testId, index);
      cases.push({ id: result.testId, cells: columns.map(() => null) });
    }
    const column = columnOf.get(`${result.modelId}\u0000${result.promptId}`);
    const row = cases[index];
    if (column === undefined || row === undefined) continue;
    let cell = row.cells[column];
    if (!cell) {
      cell = { passed: 0, runs: 0, errors: 0, results: [] };
      row.cells[column] = cell;
    }
    cell.runs += 1;
    if (result.pass) cell.passed += 1;
    if (result.errorCode !== null) cell.errors += 1;
    cell.results.push(await toResultView(result, limits.maxOutputChars));
  }

  const comparisons = (options.comparisons ?? []).map((comparison): ComparisonView => {
    const interesting = comparison.cases.filter((item) => item.status !== 'still-passing');
    return {
      ...comparison,
      cases: interesting.slice(0, limits.maxComparedCases),
      casesOmitted: Math.max(0, interesting.length - limits.maxComparedCases),
    };
  });

  return {
    generatedAt: new Date().toISOString(),
    summary,
    threshold: options.threshold ?? null,
    columns,
    cases,
    casesOmitted: omitted.size,
    comparisons,
  };
};
