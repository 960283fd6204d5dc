// `yardstick eval`: runs a suite (or resumes a run), shows progress, prints the table and writes the outputs.

import path from 'node:path';
import { loadSuiteOrPromptfoo } from '../import/promptfoo/load-suite-or-promptfoo.js';
import { loadPriceOverrides } from '../pricing/effective-price-table.js';
import { retiredNotices } from '../pricing/retired-notice.js';
import { loadSide } from '../report/compare/load-side.js';
import { renderComparison } from '../report/compare/render-comparison.js';
import { createResponseCache } from '../runner/response-cache.js';
import { runEval } from '../runner/run-eval.js';
import type { RunEvent } from '../runner/run-events.js';
import { parseRunSettings } from '../runner/run-settings.js';
import { validatePlan } from '../runner/validate-plan.js';
import { parseVolume } from '../scorecard/project-cost.js';
import { rowsBelow } from '../scorecard/threshold.js';
import { YardstickError } from '../spec/errors.js';
import { limits } from '../spec/limits.js';
import type { RunRow } from '../store/contract/store-types.js';
import { compareWithBaseline } from './baseline-gate.js';
import {
  assertDistributableStore,
  defaultVisibilityTimeoutSeconds,
  describeDistributedFailure,
  distributedSettingsForResume,
  evalDistributed,
} from './distributed-eval.js';
import { ExitCode } from './exit-codes.js';
import { parseArguments, parseCount, parseFraction } from './parse-arguments.js';
import { defaultCacheDir, projectDir } from './paths.js';
import { createProgress } from './progress.js';
import { renderReviewCases } from './review-cases.js';
import { checkOutputPaths, printReport, writeOutputs } from './run-outputs.js';
import { onInterrupt } from './signals.js';
import { chooseStore, openChosenStore, storeHelp, storeOptions } from './store-location.js';

const help = `usage: yardstick eval <suite.yaml> [options]
       yardstick eval <promptfooconfig.yaml> [options]   (imported in memory; see yardstick import)
       yardstick eval --resume <run-id> [options]

  --model <id>          run only this model of the suite (repeatable; id or label)
  --repeat <n|auto>     run every case n times, at most 1000 (overrides the suite); auto repeats only
                        the cases whose outcome is still uncertain, in rounds, up to --max-repeats
  --max-repeats <n>     with --repeat auto: the most times a case runs, 2 to 100 (default: the suite's, 10)
  --concurrency <n>     calls in flight at once, at most 1000 (overrides the suite)
  --no-cache            call the models even when an identical answer is cached
  --output <file>       write results: .html (report), .json or .xml (JUnit); repeatable
  --threshold <0..1>    exit 1 when any model's pass rate is below it, each model on its own (default:
                        every case passes, or, with --baseline, no threshold); names the cheapest model
                        credibly above it
  --volume <n/unit>     project spend per model to this many calls, e.g. 500000/day, 20k/hour, 15M/month,
                        from the measured cost per call
  --baseline <side>     compare each model with a baseline file, run or run@model (see compare)
  --max-drop <0..1>     with --baseline: fail when a model is significantly worse by possibly more
  --require-non-inferiority  with --baseline: pass only when the interval shows at most --max-drop worse
  --resume <run-id>     run only what an interrupted run is missing
  --distributed         put the calls on a queue in the PostgreSQL store for \`yardstick worker\` processes,
                        on any machine, and follow their progress (see docs/teams.md)
  --visibility-timeout <s>  with --distributed: seconds a worker may hold one call before another worker
                        gets it (default 900)
  ${storeHelp}

Exit codes: 0 passed, 1 a model below the threshold or failing the baseline gate, 2 suite or
configuration error, 3 run aborted.`;

export const evalCommand = async (argv: string[]): Promise<number> => {
  const { values, positionals } = parseArguments(
    argv,
    {
      model: { type: 'string', multiple: true },
      repeat: { type: 'string' },
      'max-repeats': { type: 'string' },
      concurrency: { type: 'string' },
      'no-cache': { type: 'boolean' },
      output: { type: 'string', short: 'o', multiple: true },
      threshold: { type: 'string' },
      baseline: { type: 'string' },
      volume: { type: 'string' },
      'max-drop': { type: 'string' },
      'require-non-inferiority': { type: 'boolean' },
      resume: { type: 'string' },
      distributed: { type: 'boolean' },
      'visibility-timeout': { type: 'string' },
      ...storeOptions,
      help: { type: 'boolean', short: 'h' },
    },
    'eval',
  );
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return ExitCode.ok;
  }
  const outputs = values.output ?? [];
  checkOutputPaths(outputs);
  // with a baseline the gate decides; a threshold applies only when given
  const threshold = parseFraction(values.threshold, '--threshold') ?? (values.baseline ? 0 : 1);
  const maxDrop = parseFraction(values['max-drop'], '--max-drop') ?? 0;
  const volume = values.volume === undefined ? undefined : parseVolume(values.volume);
  const thresholdGiven = parseFraction(values.threshold, '--threshold');
  const repeatOverride =
    values.repeat === 'auto' ? 'auto' : parseCount(values.repeat, '--repeat', 1, limits.maxRepeat);
  const maxRepeatsOverride = parseCount(values['max-repeats'], '--max-repeats', 2, limits.maxMaxRepeats);
  const concurrencyOverride = parseCount(values.concurrency, '--concurrency', 1, limits.maxConcurrency);
  // pg-boss keeps a job at most a day
  const visibilityTimeout =
    parseCount(values['visibility-timeout'], '--visibility-timeout', 1, 86_000) ??
    defaultVisibilityTimeoutSeconds;
  if (positionals.length > 1) {
    throw new YardstickError(
      'E_CONFIG',
      `eval takes one suite file, got ${positionals.length}: ${positionals.join(' ')}`,
    );
  }

  // prices from `yardstick prices update` come before the bundled table; a damaged file stops here
  loadPriceOverrides(path.join(projectDir(), 'prices.json'));
  const choice = chooseStore(values);
  if (values.distributed) assertDistributableStore(choice.location, choice.source);
  const stores = await openChosenStore(choice);
  const store = stores.runs;
  try {
    let suitePath = positionals[0];
    let settings = { models: values.model ?? [], repeat: 0, repeatAuto: false, concurrency: 0 };
    let resumed: RunRow | undefined;
    if (values.resume) {
      const run = await store.getRun(values.resume);
      if (!run)
        throw new YardstickError(
          'E_CONFIG',
          `no run "${values.resume}" in ${stores.location}; \`yardstick runs\` lists them`,
        );
      suitePath ??= run.suitePath;
      settings = parseRunSettings(run.config, run.id);
      if (values.distributed) distributedSettingsForResume(run);
      resumed = run;
    } else if (suitePath === undefined) {
      throw new YardstickError('E_CONFIG', `eval needs a suite file: yardstick eval <suite.yaml>\n\n${help}`);
    }

    // loaded before the run, so a wrong path costs nothing
    const baselineSide =
      values.baseline === undefined ? undefined : await loadSide(values.baseline, async () => store);
    const suite = await loadSuiteOrPromptfoo(suitePath, {
      adapterDir: path.join(projectDir(), 'promptfoo'),
      report: (text) => process.stderr.write(text),
    });
    validatePlan(suite);
    for (const notice of retiredNotices(suite.models)) process.stderr.write(`warning: ${notice}\n`);
    if (resumed !== undefined && resumed.suiteHash !== suite.hash) {
      // results of an edited suite would mix two versions of the cases under one run
      throw new YardstickError(
        'E_CONFIG',
        `${suitePath} changed since run ${values.resume} started, so it cannot be resumed; start a new run with \`yardstick eval ${suitePath}\``,
      );
    }
    if (!values.resume) {
      const repeat = repeatOverride ?? suite.repeat;
      settings.repeatAuto = repeat === 'auto';
      settings.repeat = repeat === 'auto' ? (maxRepeatsOverride ?? suite.maxRepeats) : repeat;
      settings.concurrency = concurrencyOverride ?? suite.concurrency;
    }

    const interactive = Boolean(process.stderr.isTTY) && process.env.CI !== 'true';
    const progress = createProgress({ stream: process.stderr, interactive });
    const controller = new AbortController();
    let runId = values.resume;
    const stopListening = onInterrupt(() => {
      process.stderr.write(
        `\ninterrupted: stopping cleanly; finished results are saved${runId ? `; resume with: yardstick eval --resume ${runId}${values.distributed ? ' --distributed' : ''}` : ''}\n`,
      );
      controller.abort();
    });

    try {
      const onEvent = (event: RunEvent): void => {
        if (event.type === 'start') runId = event.runId;
        progress.onEvent(event);
      };
      const outcome = values.distributed
        ? await evalDistributed({
            storeUrl: choice.location.trim(),
            stores,
            suite,
            settings,
            resumed,
            cache: values['no-cache'] !== true,
            visibilityTimeoutSeconds: visibilityTimeout,
            abortSignal: controller.signal,
            onEvent,
            warn: (line) => process.stderr.write(`${line}\n`),
          })
        : await runEval({
            suite,
            store,
            settings,
            ...(values.resume ? { resumeRunId: values.resume } : {}),
            cache: values['no-cache'] ? undefined : createResponseCache(defaultCacheDir()),
            context: { env: process.env, baseDir: suite.dir },
            abortSignal: controller.signal,
            onEvent,
          });
      const first = suite.models[0];
      const decisions = {
        ...(volume ? { volume } : {}),
        ...(thresholdGiven !== undefined ? { threshold: thresholdGiven } : {}),
        ...(first ? { reference: first.label ?? first.id } : {}),
      };
      const comparisons =
        baselineSide === undefined || outcome.ranModels.length === 0
          ? []
          : await compareWithBaseline(baselineSide, outcome.runId, store, {
              maxDrop,
              requireNonInferiority: values['require-non-inferiority'] === true,
              detect: maxDrop > 0 ? maxDrop : 0.05,
              alpha: 0.05,
            });
      const summary = await printReport(store, outcome.runId, decisions);
      process.stdout.write(await renderReviewCases(suite, store, outcome.runId));
      await writeOutputs(store, outcome.runId, outputs, decisions, comparisons);
      if (outcome.status === 'aborted') {
        process.stderr.write(
          `run ${outcome.runId} was interrupted; resume with: yardstick eval --resume ${outcome.runId}${values.distributed ? ' --distributed' : ''}\n`,
        );
        return ExitCode.aborted;
      }
      if (outcome.status === 'failed') {
        process.stderr.write(describeDistributedFailure(outcome));
        return ExitCode.aborted;
      }
      if (outcome.ranModels.length === 0) {
        process.stderr.write('no model could run; see the skipped models above\n');
        return ExitCode.configError;
      }
      for (const comparison of comparisons) process.stdout.write(renderComparison(comparison));
      const gatePassed = comparisons.every((comparison) => comparison.decision === 'pass');
      // every model on its own: a pooled rate would let a weak model hide behind a strong one
      const below = rowsBelow(summary.summary, threshold);
      return below.length === 0 && gatePassed ? ExitCode.ok : ExitCode.belowThreshold;
    } finally {
      stopListening();
    }
  } finally {
    await stores.close();
  }
};
