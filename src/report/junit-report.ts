// JUnit XML (`--output run.xml`) for CI dashboards: one testsuite per model (and prompt), one testcase per case.
import type { ReportResult, ReportSource } from '../scorecard/report-source.js';
import type { RunSummary } from '../scorecard/run-summary.js';
import { writeChunks } from './write-lines.js';

// XML 1.0 forbids most control characters even when escaped; drop them so a model's output cannot break the file.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to remove
const invalidXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export const escapeXml = (text: string): string =>
  text
    .replace(invalidXml, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

const caseName = (result: ReportResult): string =>
  result.repeat > 0 ? `${result.testId} #${result.repeat + 1}` : result.testId;

const testcase = async (result: ReportResult, suiteName: string): Promise<string> => {
  const seconds = (result.latencyMs / 1000).toFixed(3);
  const open = `    <testcase name="${escapeXml(caseName(result))}" classname="${escapeXml(suiteName)}" time="${seconds}"`;
  if (result.errorCode !== null) {
    const message = `${result.errorCode}: ${result.errorMessage ?? ''}`;
    return `${open}>\n      <error message="${escapeXml(message)}" type="${escapeXml(result.errorCode)}"/>\n    </testcase>\n`;
  }
  if (result.pass) return `${open}/>\n`;
  const reasons = (await result.assertions())
    .filter((outcome) => !outcome.pass)
    .map((outcome) => `${outcome.label ?? outcome.type}: ${outcome.reason}`);
  const message = reasons.join('; ') || `score ${result.score.toFixed(2)} below the case threshold`;
  const body = `${reasons.join('\n')}\n\noutput:\n${result.output}`;
  return `${open}>\n      <failure message="${escapeXml(message)}" type="assertion">${escapeXml(body)}</failure>\n    </testcase>\n`;
};

async function* junitChunks(summary: RunSummary, source: ReportSource): AsyncGenerator<string> {
  const { totals, run } = summary;
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="${escapeXml(run.suite)}" tests="${totals.results}" failures="${totals.failed}" errors="${totals.errors}">\n`;
  const multiPrompt = new Set(summary.summary.map((row) => row.prompt)).size > 1;
  let current: string | undefined;
  for await (const result of source.results()) {
    const name = multiPrompt ? `${result.modelId} [${result.promptId}]` : result.modelId;
    if (name !== current) {
      if (current !== undefined) yield '  </testsuite>\n';
      const row = summary.summary.find(
        (item) => item.model === result.modelId && item.prompt === result.promptId,
      );
      yield `  <testsuite name="${escapeXml(name)}" tests="${row?.results ?? 0}" failures="${row?.failed ?? 0}" errors="${row?.errors ?? 0}">\n`;
      current = name;
    }
    yield await testcase(result, `${run.suite}.${name}`);
  }
  if (current !== undefined) yield '  </testsuite>\n';
  for (const skipped of summary.skipped) {
    yield `  <testsuite name="${escapeXml(skipped.model)}" tests="1" skipped="1">\n    <testcase name="${escapeXml(skipped.model)}" classname="${escapeXml(run.suite)}">\n      <skipped message="${escapeXml(skipped.reason)}"/>\n    </testcase>\n  </testsuite>\n`;
  }
  yield '</testsuites>\n';
}

export const writeJunitReport = (file: string, summary: RunSummary, source: ReportSource): Promise<void> =>
  writeChunks(file, junitChunks(summary, source));
