// `yardstick baseline save`: writes one model's case outcomes to a small file to commit, for CI to compare against.
import { writeFileSync } from 'node:fs';
import { formatBaselineFile, toBaselineFile } from '../report/compare/baseline-file.js';
import { openSide } from '../report/compare/load-side.js';
import { YardstickError } from '../spec/errors.js';
import { ExitCode } from './exit-codes.js';
import { parseArguments } from './parse-arguments.js';
import { chooseStore, openChosenStore, storeHelp, storeOptions } from './store-location.js';

const help = `usage: yardstick baseline save [--run <run-id>] [--model <model>] [-o baseline.json]

Writes the case outcomes of one model of a run (default: the newest completed run) to a compact
file, one case per line, to commit next to the suite. Then in CI:

  yardstick eval suite.yaml --baseline baseline.json --max-drop 0.02

  ${storeHelp}`;

export const baselineCommand = async (argv: string[]): Promise<number> => {
  const { values, positionals } = parseArguments(
    argv,
    {
      run: { type: 'string' },
      model: { type: 'string' },
      output: { type: 'string', short: 'o' },
      ...storeOptions,
      help: { type: 'boolean', short: 'h' },
    },
    'baseline',
  );
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return ExitCode.ok;
  }
  if (positionals[0] !== 'save' || positionals.length > 1) {
    throw new YardstickError('E_CONFIG', `baseline takes one action, save\n\n${help}`);
  }
  const file = values.output ?? 'baseline.json';
  const stores = await openChosenStore(chooseStore(values));
  const store = stores.runs;
  try {
    const runId =
      values.run ?? (await store.listRuns({ limit: 50 })).find((run) => run.status === 'completed')?.id;
    if (runId === undefined) {
      throw new YardstickError(
        'E_CONFIG',
        'no completed run to save; run `yardstick eval <suite>` first, or give --run',
      );
    }
    const run = await store.getRun(runId);
    const side = await (await openSide(runId, async () => store)).side(values.model);
    writeFileSync(file, formatBaselineFile(toBaselineFile(side, run?.suiteName ?? '')));
    process.stdout.write(
      `saved ${side.outcomes.length} case outcomes of ${side.model} from run ${runId} to ${file}; commit it and use --baseline ${file}\n`,
    );
    return ExitCode.ok;
  } finally {
    await stores.close();
  }
};
