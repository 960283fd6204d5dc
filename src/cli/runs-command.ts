// `yardstick runs`: lists past runs from the store, newest first.

import { ExitCode } from './exit-codes.js';
import { parseArguments, parseCount } from './parse-arguments.js';
import { chooseStore, openChosenStore, storeHelp, storeOptions } from './store-location.js';

const help = `usage: yardstick runs [--limit N] [--store URL] [--json]

Lists past runs, newest first: id, suite, status, results stored of planned, start time.

  ${storeHelp}`;

export const runsCommand = async (argv: string[]): Promise<number> => {
  const { values } = parseArguments(
    argv,
    {
      limit: { type: 'string' },
      ...storeOptions,
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'runs',
  );
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return ExitCode.ok;
  }
  const limit = parseCount(values.limit, '--limit') ?? 20;
  const stores = await openChosenStore(chooseStore(values));
  const store = stores.runs;
  try {
    const runs = await store.listRuns({ limit });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
      return ExitCode.ok;
    }
    if (runs.length === 0) {
      process.stdout.write('no runs yet: start one with `yardstick eval <suite.yaml>`\n');
      return ExitCode.ok;
    }
    const rows: string[][] = [];
    for (const run of runs) {
      const stored = await store.countResults(run.id);
      rows.push([run.id, run.suiteName, run.status, `${stored}/${run.totalPlanned}`, run.startedAt]);
    }
    const header = ['run', 'suite', 'status', 'results', 'started'];
    const widths = header.map((title, index) =>
      Math.max(title.length, ...rows.map((row) => row[index]!.length)),
    );
    const format = (row: string[]) =>
      row
        .map((cell, index) => cell.padEnd(widths[index]!))
        .join('  ')
        .trimEnd();
    process.stdout.write(`${[format(header), ...rows.map(format)].join('\n')}\n`);
    return ExitCode.ok;
  } finally {
    await stores.close();
  }
};
