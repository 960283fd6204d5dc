// After an eval: the answers to the cases that carry their own conversation but no assertion (captured with
// `yardstick capture` and marked for review), so whoever reviews them sees what each model said.
import { storeReportSource } from '../report/store-report-source.js';
import { terminalStyles as pc } from '../spec/terminal-text.js';
import type { RunStore } from '../store/contract/run-store.js';
import type { Suite } from '../suite/suite-types.js';

const excerptLength = 300;

/** The lines to print, or none when no such case ran. */
export const renderReviewCases = async (suite: Suite, store: RunStore, runId: string): Promise<string> => {
  const toReview = new Set(
    suite.tests
      .filter((test) => test.messages !== undefined && test.assert.length === 0)
      .map((test) => test.id),
  );
  if (toReview.size === 0) return '';
  const lines: string[] = [];
  for await (const result of (await storeReportSource(store, runId)).results()) {
    if (!toReview.has(result.testId) || result.errorCode !== null) continue;
    const output = result.output.replace(/\s+/g, ' ').trim();
    const shown = output.length > excerptLength ? `${output.slice(0, excerptLength)}…` : output;
    lines.push(`  ${result.modelId} ${result.testId}: ${JSON.stringify(shown)}`);
  }
  if (lines.length === 0) return '';
  return `\n${pc.bold(`to review (captured cases without assertions, ${toReview.size}):`)}\n${lines.join('\n')}\n${pc.dim('  add assert: to each case in its test file once you know what a good answer says')}\n`;
};
