// Entry point of the `yardstick` command: dispatches to one file per command and maps errors to exit codes.
import { YardstickError } from '../spec/errors.js';
import { terminalStyles as pc } from '../spec/terminal-text.js';
import { ExitCode, exitCodeOf } from './exit-codes.js';
import { guardTerminalOutput } from './terminal-output.js';

interface Command {
  summary: string;
  run: (argv: string[]) => Promise<number>;
}

// Each command is imported when it runs: `--version` or `runs` should not load the suite schemas, YAML and
// every provider that `eval` needs.
const commands: Record<string, Command> = {
  eval: {
    summary: 'run a suite against its models and report pass rate, cost and latency',
    run: async (argv) => (await import('./eval-command.js')).evalCommand(argv),
  },
  compare: {
    summary: 'compare two runs (or models) case by case with paired statistics; the CI gate for upgrades',
    run: async (argv) => (await import('./compare-command.js')).compareCommand(argv),
  },
  baseline: {
    summary: 'save the case outcomes of a run to a file to commit and compare against in CI',
    run: async (argv) => (await import('./baseline-command.js')).baselineCommand(argv),
  },
  plan: {
    summary: 'how many cases a comparison needs to detect a given drop',
    run: async (argv) => (await import('./plan-command.js')).planCommand(argv),
  },
  import: {
    summary: 'write the yardstick suite equivalent to a promptfooconfig.yaml, listing what has no equivalent',
    run: async (argv) => (await import('./import-command.js')).importCommand(argv),
  },
  runs: {
    summary: 'list past runs kept in the store',
    run: async (argv) => (await import('./runs-command.js')).runsCommand(argv),
  },
  serve: {
    summary: 'run the OpenAI-compatible gateway: keys, budgets, fallbacks and a trace of every call',
    run: async (argv) => (await import('./serve-command.js')).serveCommand(argv),
  },
  qualify: {
    summary: "run each cheapest-passing route's suite on its targets and record the cheapest that passes",
    run: async (argv) => (await import('./qualify-command.js')).qualifyCommand(argv),
  },
  routes: {
    summary: 'list the gateway routes: policy, serving target, record age, staleness, escalation rate',
    run: async (argv) => (await import('./routes-command.js')).routesCommand(argv),
  },
  traces: {
    summary: 'list the gateway requests with tokens, cost and latency; export them as JSON lines',
    run: async (argv) => (await import('./traces-command.js')).tracesCommand(argv),
  },
  monitor: {
    summary: 'pass rate of the sampled, scored production answers per route and model; exit 1 on drift',
    run: async (argv) => (await import('./monitor-command.js')).monitorCommand(argv),
  },
  capture: {
    summary: 'turn traced requests into suite test cases (appended to a JSONL test file)',
    run: async (argv) => (await import('./capture-command.js')).captureCommand(argv),
  },
  ui: {
    summary: 'the web UI over the store: runs, frontier, case matrix, comparisons, traces and spend',
    run: async (argv) => (await import('./ui-command.js')).uiCommand(argv),
  },
  keys: {
    summary: 'create, list and revoke the gateway API keys',
    run: async (argv) => (await import('./keys-command.js')).keysCommand(argv),
  },
  worker: {
    summary: 'take the calls of `eval --distributed` runs from the queue in a PostgreSQL store and run them',
    run: async (argv) => (await import('./worker-command.js')).workerCommand(argv),
  },
  store: {
    summary: 'copy every run, key, trace, monitor sample and qualification record from one store to another',
    run: async (argv) => (await import('./store-command.js')).storeCommand(argv),
  },
  prices: {
    summary: 'list the prices in use with their dates and sources; `prices update` imports a price list',
    run: async (argv) => (await import('./prices-command.js')).pricesCommand(argv),
  },
};

const usage = (): string =>
  [
    'yardstick: measure LLMs by your own yardstick',
    '',
    'usage: yardstick <command> [options]',
    '',
    ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(8)} ${command.summary}`),
    '',
    'Run `yardstick <command> --help` for its options. Docs: docs/cli.md',
  ].join('\n');

export const main = async (argv: string[]): Promise<number> => {
  // first: whatever any command prints, from a suite, a model or an upstream, reaches the terminal sanitized
  guardTerminalOutput();
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? ExitCode.configError : ExitCode.ok;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write('yardstick 0.1.0\n');
    return ExitCode.ok;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`error [E_UNKNOWN_COMMAND]: unknown command "${name}"\n\n${usage()}\n`);
    return ExitCode.configError;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof YardstickError) {
      process.stderr.write(`${pc.red('error')} [${error.code}]: ${error.message}\n`);
      return exitCodeOf[error.code];
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${pc.red('internal error')}: ${message}\n`);
    if (process.env.YARDSTICK_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    else process.stderr.write('set YARDSTICK_DEBUG=1 for the stack trace, and please report it\n');
    return ExitCode.aborted;
  }
};
