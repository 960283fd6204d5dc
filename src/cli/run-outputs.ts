// After a run: print the terminal report and write each `--output` file in the format its extension names.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { storeReportSource } from '../report/store-report-source.js';
import { type FailureLine, renderTerminalReport } from '../report/terminal-report.js';
import { addDecisions, type DecisionOptions } from '../scorecard/add-decisions.js';
import type { Comparison } from '../scorecard/compare-sides.js';
import type { ReportResult, ReportSource } from '../scorecard/report-source.js';
import type { RunSummary } from '../scorecard/run-summary.js';
import { summarizeRun } from '../scorecard/summarize-run.js';
import { YardstickError } from '../spec/errors.js';
import type { RunStore } from '../store/contract/run-store.js';

/** What only some formats show: the baseline comparisons and the threshold. */
interface OutputExtras {
  comparisons: Comparison[];
  threshold?: number;
}

type Writer = (
  file: string,
  summary: RunSummary,
  source: ReportSource,
  extras: OutputExtras,
) => Promise<void>;

// Loaded only when an `--output` asks for the format.
const writers: Record<string, Writer> = {
  '.json': async (file, summary, source) =>
    (await import('../report/json-report.js')).writeJsonReport(file, summary, source),
  '.xml': async (file, summary, source) =>
    (await import('../report/junit-report.js')).writeJunitReport(file, summary, source),
  '.html': async (file, summary, source, extras) =>
    (await import('../report/html/html-report.js')).writeHtmlReport(file, summary, source, extras),
};

/** Checked before the run starts, so a typo in a file name does not cost a whole run. */
export const checkOutputPaths = (files: string[]): void => {
  for (const file of files) {
    const extension = path.extname(file).toLowerCase();
    if (existsSync(file) && statSync(file).isDirectory()) {
      throw new YardstickError(
        'E_CONFIG',
        `--output ${file} is a directory; give a file name such as ${path.join(file, `run${extension || '.json'}`)}`,
      );
    }
    if (!writers[extension]) {
      throw new YardstickError(
        'E_CONFIG',
        `--output ${file}: unknown format "${extension || '(none)'}"; use .json (full results), .xml (JUnit) or .html (the report)`,
      );
    }
  }
};

const maxFailuresShown = 25;

const failureReason = async (result: ReportResult): Promise<string> => {
  if (result.errorCode !== null) return `error ${result.errorCode}: ${result.errorMessage ?? ''}`;
  const failed = (await result.assertions()).filter((outcome) => !outcome.pass);
  if (failed.length === 0) return `score ${result.score.toFixed(2)} below the case threshold`;
  return failed.map((outcome) => `${outcome.label ?? outcome.type}: ${outcome.reason}`).join('; ');
};

export const collectFailures = async (
  source: ReportSource,
): Promise<{ shown: FailureLine[]; more: number }> => {
  const shown: FailureLine[] = [];
  let more = 0;
  for await (const result of source.results()) {
    if (result.pass && result.errorCode === null) continue;
    if (shown.length >= maxFailuresShown) {
      more += 1;
      continue;
    }
    shown.push({
      model: result.modelId,
      prompt: '',
      testId: result.testId,
      repeat: result.repeat,
      reason: await failureReason(result),
    });
  }
  return { shown, more };
};

export const printReport = async (
  store: RunStore,
  runId: string,
  decisions: DecisionOptions = {},
): Promise<RunSummary> => {
  const source = await storeReportSource(store, runId);
  const summary = addDecisions(await summarizeRun(source), decisions);
  const failures = await collectFailures(source);
  const judgeSpend = summary.summary.reduce((sum, row) => sum + row.judgeCostUsd, 0);
  process.stdout.write(renderTerminalReport(summary, failures.shown, failures.more, judgeSpend));
  return summary;
};

export const writeOutputs = async (
  store: RunStore,
  runId: string,
  files: string[],
  decisions: DecisionOptions = {},
  comparisons: Comparison[] = [],
): Promise<void> => {
  if (files.length === 0) return;
  const extras: OutputExtras = {
    comparisons,
    ...(decisions.threshold !== undefined ? { threshold: decisions.threshold } : {}),
  };
  const source = await storeReportSource(store, runId);
  const summary = addDecisions(await summarizeRun(source), decisions);
  for (const file of files) {
    const writer = writers[path.extname(file).toLowerCase()];
    if (!writer) continue;
    try {
      await writer(file, summary, source, extras);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new YardstickError(
        'E_CONFIG',
        `could not write ${file}: ${reason}; the results are kept in run ${runId}`,
      );
    }
    process.stderr.write(`wrote ${file}\n`);
  }
};
