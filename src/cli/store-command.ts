// `yardstick store copy --from <location> --to <location>`: moves a team's history between stores (a SQLite file
// to PostgreSQL, or one server to another). Idempotent, so an interrupted copy is finished by running it again.
import { YardstickError } from '../spec/errors.js';
import type { Stores } from '../store/contract/stores.js';
import { type CopiedCount, type CopyReport, copyStores } from '../store/copy-stores.js';
import { openStores } from '../store/open-stores.js';
import { ExitCode } from './exit-codes.js';
import { parseArguments } from './parse-arguments.js';

const help = `usage: yardstick store copy --from <location> --to <location> [--batch N]

A location is a SQLite file (.yardstick/yardstick.db or sqlite:path) or a PostgreSQL URL
(postgres://user@host:5432/database). Copies runs with their results, assertions and skipped models, gateway
keys, traces, monitor samples and qualification records. What the target already has is skipped: run it again
to finish an interrupted copy; a second copy adds nothing. Exits 1 when a key could not be copied because
the target has a live key of the same name.

example: yardstick store copy --from .yardstick/yardstick.db --to postgres://yardstick@db:5432/yardstick`;

const labels: Record<keyof CopyReport, string> = {
  runs: 'runs',
  results: 'results',
  skippedModels: 'skipped models',
  keys: 'keys',
  traces: 'traces',
  monitorSamples: 'monitor samples',
  qualifications: 'qualification records',
};

export type OpenStores = (location: string) => Promise<Stores>;

const formatCount = (part: keyof CopyReport, count: CopiedCount): string =>
  `  ${labels[part].padEnd(22)} ${String(count.added).padStart(9)} added  (${count.read} in the source)`;

export const storeCommand = async (argv: string[], open: OpenStores = openStores): Promise<number> => {
  const [action, ...rest] = argv;
  if (action === undefined || action === '--help' || action === '-h') {
    process.stdout.write(`${help}\n`);
    return action === undefined ? ExitCode.configError : ExitCode.ok;
  }
  if (action !== 'copy') {
    throw new YardstickError(
      'E_CONFIG',
      `store: unknown action "${action}"; the one action is \`copy\`\n\n${help}`,
    );
  }
  const { values } = parseArguments(
    rest,
    {
      from: { type: 'string' },
      to: { type: 'string' },
      batch: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    'store',
  );
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return ExitCode.ok;
  }
  if (!values.from || !values.to) {
    throw new YardstickError('E_CONFIG', `store copy needs --from and --to\n\n${help}`);
  }
  if (values.from === values.to) {
    throw new YardstickError('E_CONFIG', `store copy: --from and --to are the same store (${values.from})`);
  }
  const batchSize = values.batch === undefined ? 500 : Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new YardstickError(
      'E_CONFIG',
      `--batch takes a whole number from 1 to 10000, got "${values.batch}"`,
    );
  }
  const from = await open(values.from);
  try {
    const to = await open(values.to);
    try {
      process.stdout.write(`copying ${from.location} (${from.engine}) to ${to.location} (${to.engine})\n`);
      const report = await copyStores(from, to, {
        batchSize,
        onPart: (part, count) => process.stdout.write(`${formatCount(part, count)}\n`),
      });
      for (const conflict of report.keys.conflicts) {
        process.stderr.write(
          `key "${conflict.name}" (id ${conflict.id}) not copied: the target has a live key of that name (id ${conflict.targetId}); revoke one of them and copy again\n`,
        );
      }
      return report.keys.conflicts.length > 0 ? ExitCode.belowThreshold : ExitCode.ok;
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
};
