// `yardstick keys create|list|revoke`: the gateway's API keys. A new key is printed once; only its hash is kept.
import { createApiKey, type NewKeyOptions, parseBudget, periodStart } from '../gateway/api-keys.js';
import { formatUsd } from '../pricing/format-usd.js';
import { YardstickError } from '../spec/errors.js';
import type { ApiKeyRow } from '../store/contract/gateway-store.js';
import { ExitCode } from './exit-codes.js';
import { parseArguments, parseCount, parseMoment } from './parse-arguments.js';
import { chooseStore, openChosenStore, storeHelp, storeOptions } from './store-location.js';
import { formatTable } from './text-table.js';

const help = `usage: yardstick keys create --name <name> [--budget-usd 50/day] [--rpm 600] [--tpm 200000]
                            [--routes summarize,classify] [--expires 30d] [--store URL]
       yardstick keys list [--json] [--store URL]
       yardstick keys revoke <name|id> [--store URL]

A key is printed once, when it is created; the store keeps only its sha256. Revoking takes effect at
once, also in a gateway that is running.

  ${storeHelp}`;

/** The window a key's spend is shown for: its budget's day or month, else the current month (UTC). */
const spendWindow = (key: ApiKeyRow, now: Date): { since: string; label: string } => {
  const period = key.budgetPeriod ?? 'month';
  return { since: periodStart(period, now), label: period === 'day' ? 'today' : 'this month' };
};

const statusOf = (key: ApiKeyRow, now: Date): string =>
  key.revokedAt
    ? `revoked ${key.revokedAt.slice(0, 10)}`
    : key.expiresAt && Date.parse(key.expiresAt) <= now.getTime()
      ? 'expired'
      : 'active';

const describeKey = (key: ApiKeyRow, spentUsd: number, now: Date): string[] => [
  key.name,
  key.id,
  statusOf(key, now),
  key.createdAt.slice(0, 16).replace('T', ' '),
  key.expiresAt ? key.expiresAt.slice(0, 10) : '-',
  `${formatUsd(spentUsd)} ${spendWindow(key, now).label}`,
  key.budgetUsd === null ? '-' : `${formatUsd(key.budgetUsd)}/${key.budgetPeriod}`,
  key.rpm === null ? '-' : String(key.rpm),
  key.tpm === null ? '-' : String(key.tpm),
  key.routes === null ? 'all' : key.routes.join(','),
];

const keyColumns = ['name', 'id', 'status', 'created', 'expires', 'spent', 'budget', 'rpm', 'tpm', 'routes'];

/** The one live key a name or id stands for; a name two live keys share (made before names were unique) is refused. */
const keyToRevoke = (keys: ApiKeyRow[], target: string): ApiKeyRow => {
  const live = keys.filter((key) => key.revokedAt === null);
  const byId = live.find((key) => key.id === target);
  if (byId) return byId;
  const named = live.filter((key) => key.name === target);
  const [only] = named;
  if (only !== undefined && named.length === 1) return only;
  if (named.length > 1) {
    throw new YardstickError(
      'E_CONFIG',
      `${named.length} active keys are named "${target}" (ids ${named.map((key) => key.id).join(', ')}); revoke one by its id, e.g. yardstick keys revoke ${named[0]?.id}`,
    );
  }
  throw new YardstickError(
    'E_CONFIG',
    `no active key named or with id "${target}"; \`yardstick keys list\` shows them`,
  );
};

interface CreateValues {
  name?: string | undefined;
  'budget-usd'?: string | undefined;
  rpm?: string | undefined;
  tpm?: string | undefined;
  routes?: string | undefined;
  expires?: string | undefined;
}

/** `keys create`'s options, checked; an expiry that is not in the future is a mistake, not a dead key. */
const parseNewKey = (values: CreateValues, now = Date.now()): NewKeyOptions => {
  if (!values.name)
    throw new YardstickError('E_CONFIG', `keys create needs --name, e.g. --name team-a\n\n${help}`);
  const rpm = parseCount(values.rpm, '--rpm');
  const tpm = parseCount(values.tpm, '--tpm');
  const routes = values.routes
    ?.split(',')
    .map((route) => route.trim())
    .filter((route) => route !== '');
  let expiresAt: string | undefined;
  if (values.expires !== undefined) {
    expiresAt = parseMoment(
      values.expires,
      '--expires',
      1,
      'a duration such as 30d, 12h or 90m, or a date',
      now,
    );
    if (Date.parse(expiresAt) <= now) {
      throw new YardstickError(
        'E_CONFIG',
        `--expires ${values.expires} is not in the future (${expiresAt}); give a later date or a duration such as 30d`,
      );
    }
  }
  return {
    name: values.name,
    ...(values['budget-usd'] ? { budget: parseBudget(values['budget-usd']) } : {}),
    ...(rpm !== undefined ? { rpm } : {}),
    ...(tpm !== undefined ? { tpm } : {}),
    ...(routes ? { routes } : {}),
    ...(expiresAt ? { expiresAt } : {}),
  };
};

export const keysCommand = async (argv: string[]): Promise<number> => {
  const [action, ...rest] = argv;
  const { values, positionals } = parseArguments(
    rest,
    {
      name: { type: 'string' },
      'budget-usd': { type: 'string' },
      rpm: { type: 'string' },
      tpm: { type: 'string' },
      routes: { type: 'string' },
      expires: { type: 'string' },
      json: { type: 'boolean' },
      ...storeOptions,
      help: { type: 'boolean', short: 'h' },
    },
    'keys',
  );
  if (values.help || action === undefined || action === '--help' || action === '-h') {
    process.stdout.write(`${help}\n`);
    return action === undefined ? ExitCode.configError : ExitCode.ok;
  }
  // a mistake in the options is reported before the store is opened (or created)
  const newKey = action === 'create' ? parseNewKey(values) : undefined;
  const stores = await openChosenStore(chooseStore(values));
  const store = stores.gateway;
  try {
    switch (action) {
      case 'create': {
        const { key, row } = await createApiKey(store, newKey ?? parseNewKey(values));
        process.stdout.write(`${key}\n`);
        process.stderr.write(
          `created key "${row.name}" (id ${row.id}); it is shown only now, so store it safely\n`,
        );
        return ExitCode.ok;
      }
      case 'list': {
        const keys = await store.listKeys();
        const now = new Date();
        const spent = new Map<string, number>();
        for (const key of keys)
          spent.set(key.id, await store.spendSince(key.id, spendWindow(key, now).since));
        const spentOf = (key: ApiKeyRow): number => spent.get(key.id) ?? 0;
        if (values.json) {
          const shown = keys.map((key) => {
            const { secretSha256: _, ...shownKey } = key;
            const spentUsd = spentOf(key);
            return {
              ...shownKey,
              status: statusOf(key, now),
              spentUsd,
              spentSince: spendWindow(key, now).since,
              spentThisPeriodUsd: key.budgetPeriod ? spentUsd : null,
            };
          });
          process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
          return ExitCode.ok;
        }
        if (keys.length === 0) {
          process.stdout.write('no keys yet; create one with: yardstick keys create --name <name>\n');
          return ExitCode.ok;
        }
        const rows = keys.map((key) => describeKey(key, spentOf(key), now));
        process.stdout.write(`${formatTable(keyColumns, rows)}\n`);
        return ExitCode.ok;
      }
      case 'revoke': {
        const target = positionals[0];
        if (!target)
          throw new YardstickError(
            'E_CONFIG',
            'keys revoke needs the key name or id, e.g. yardstick keys revoke team-a',
          );
        const key = keyToRevoke(await store.listKeys(), target);
        await store.revokeKey(key.id, new Date().toISOString());
        process.stderr.write(`revoked key "${key.name}" (id ${key.id})\n`);
        return ExitCode.ok;
      }
      default:
        throw new YardstickError(
          'E_CONFIG',
          `unknown keys action "${action}"; use create, list or revoke\n\n${help}`,
        );
    }
  } finally {
    await stores.close();
  }
};
