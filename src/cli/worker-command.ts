// `yardstick worker`: takes the calls of distributed runs from the queue in the PostgreSQL store, runs them and
// writes their results, until Ctrl-C or SIGTERM (or, with --once, until no call is waiting).
import path from 'node:path';
import { runWorker } from '../runner/eval-worker.js';
import { openRunQueue } from '../runner/run-queue.js';
import { YardstickError } from '../spec/errors.js';
import { limits } from '../spec/limits.js';
import { openStores } from '../store/open-stores.js';
import { redactLocation } from '../store/parse-store-location.js';
import { ExitCode } from './exit-codes.js';
import { parseArguments, parseCount } from './parse-arguments.js';
import { defaultCacheDir, projectDir } from './paths.js';
import { onInterrupt } from './signals.js';

const help = `usage: yardstick worker --store postgres://… [options]

Takes the calls of every \`yardstick eval --distributed\` run on that store, runs them and stores their results.
Start it from a checkout of the same repository as the coordinator: a run's suite is read at the path the
coordinator used, relative to this folder, and must have the same content (its hash is checked).

  --store <url>         the PostgreSQL store the runs are in (default: YARDSTICK_STORE)
  --concurrency <n>     calls at once in this process, across runs, at most 1000 (default 8); a model's own
                        concurrency in the suite still applies
  --once                exit when no run has a call waiting, instead of waiting for more runs
  --no-cache            never answer from this machine's response cache

Ctrl-C or SIGTERM stops taking calls and finishes those in flight; a second one exits at once, and the calls
it had go to other workers after the run's visibility timeout.`;

export const workerCommand = async (argv: string[]): Promise<number> => {
  const { values, positionals } = parseArguments(
    argv,
    {
      store: { type: 'string' },
      concurrency: { type: 'string' },
      once: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'worker',
  );
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return ExitCode.ok;
  }
  if (positionals.length > 0) {
    throw new YardstickError('E_CONFIG', `worker takes no file, got ${positionals.join(' ')}; see --help`);
  }
  const location = values.store ?? process.env.YARDSTICK_STORE;
  const source = values.store === undefined ? 'YARDSTICK_STORE' : '--store';
  if (location === undefined || !/^postgres(ql)?:\/\//i.test(location.trim())) {
    throw new YardstickError(
      'E_CONFIG',
      location === undefined
        ? 'worker needs the PostgreSQL store its runs are in: yardstick worker --store postgres://…'
        : `worker needs a PostgreSQL store shared with the coordinator; ${source} is "${redactLocation(location)}", not a postgres:// URL`,
    );
  }
  const concurrency = parseCount(values.concurrency, '--concurrency', 1, limits.maxConcurrency) ?? 8;
  const log = (line: string): void => {
    process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  };

  const stores = await openStores(location.trim());
  try {
    const queue = await openRunQueue({
      connectionString: location.trim(),
      // the coordinator expires timed-out calls; a worker only takes and finishes them
      visibilityTimeoutSeconds: 900,
      supervise: false,
      onError: (error) => log(`job queue: ${error.message}`),
    });
    const stop = new AbortController();
    const stopListening = onInterrupt(
      () => {
        log('stopping: no new calls; finishing the calls in flight (Ctrl-C again to exit now)');
        stop.abort();
      },
      () => log('exiting now: the calls in flight go to other workers after the visibility timeout'),
    );
    try {
      log(`worker ${process.pid} on ${stores.location}: up to ${concurrency} calls at once`);
      const summary = await runWorker({
        queue,
        runs: stores.runs,
        cwd: process.cwd(),
        env: process.env,
        concurrency,
        cacheDir: values['no-cache'] ? undefined : defaultCacheDir(),
        adapterDir: path.join(projectDir(), 'promptfoo'),
        stopSignal: stop.signal,
        abortSignal: new AbortController().signal,
        once: values.once === true,
        log,
      });
      log(
        `worker ${process.pid} stopped: ${summary.stored} result(s) stored, ${summary.alreadyStored} already stored, ${summary.skipped} for skipped models, ${summary.failed} given back`,
      );
      return ExitCode.ok;
    } finally {
      stopListening();
      await queue.close();
    }
  } finally {
    await stores.close();
  }
};
