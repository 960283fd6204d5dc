// `yardstick routes`: every route of a gateway config with its policy, the target it serves first, the age of
// its qualification record, whether that record is stale (and why), and how often its cascade escalated.
import path from 'node:path';
import { loadGatewayConfig } from '../gateway/load-gateway-config.js';
import { type ListingReads, listRoute, type RouteListing } from '../gateway/route-listing.js';
import { loadPriceOverrides } from '../pricing/effective-price-table.js';
import { YardstickError } from '../spec/errors.js';
import { ExitCode } from './exit-codes.js';
import { parseArguments } from './parse-arguments.js';
import { projectDir } from './paths.js';
import { routeBasis } from './route-basis.js';
import { chooseStore, openChosenStore, storeOptions } from './store-location.js';

const help = `usage: yardstick routes --config gateway.yaml [--json] [--store URL]

Lists every route: its policy, the target it serves first, the age of its qualification record, whether the
record is stale and why (suite, targets, a price, the price table or the rule changed), and the share of
checked answers its cascade escalated over the last 7 days. Re-qualify stale routes with
\`yardstick qualify --config gateway.yaml --if-stale\`. See docs/routing.md.`;

const age = (seconds: number): string => {
  if (seconds < 120) return `${Math.round(seconds)}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
};

const render = (listings: RouteListing[]): string => {
  const rows = [
    ['route', 'policy', 'serving', 'record', 'stale', 'escalated'],
    ...listings.map((listing) => [
      listing.route,
      listing.policy,
      `${listing.serving ?? '-'}${listing.qualified === false ? ' (unqualified: listed order)' : ''}`,
      listing.recordAgeSeconds === null ? '-' : `${age(listing.recordAgeSeconds)} ago`,
      listing.stale === null ? '-' : listing.stale ? 'yes' : 'no',
      listing.cascade === null
        ? '-'
        : listing.escalationRate === null
          ? '0 checked'
          : `${(listing.escalationRate * 100).toFixed(1)}% of ${listing.cascade.checked}`,
    ]),
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const lines = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  for (const listing of listings) {
    if (listing.stale) lines.push(`${listing.route} is stale: ${listing.staleReasons.join('; ')}`);
  }
  return `${lines.join('\n')}\n`;
};

export const routesCommand = async (argv: string[]): Promise<number> => {
  const { values, positionals } = parseArguments(
    argv,
    {
      config: { type: 'string', short: 'c' },
      json: { type: 'boolean' },
      ...storeOptions,
      help: { type: 'boolean', short: 'h' },
    },
    'routes',
  );
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return ExitCode.ok;
  }
  if (positionals.length > 0)
    throw new YardstickError(
      'E_CONFIG',
      `routes takes no arguments, got ${positionals.join(' ')}; use --config`,
    );
  if (values.config === undefined)
    throw new YardstickError('E_CONFIG', `routes needs --config gateway.yaml\n\n${help}`);
  const loaded = await loadGatewayConfig(values.config);
  loadPriceOverrides(path.join(projectDir(), 'prices.json'));
  const stores = await openChosenStore(
    chooseStore(values, { store: loaded.config.store, file: loaded.file }),
  );
  const records = stores.qualifications;
  try {
    const latest = new Map((await records.latest()).map((record) => [record.route, record]));
    const now = Date.now();
    const reads: ListingReads = {
      basisOf: async (route) => (await routeBasis(route)).basis,
      cascadeCounts: async (route, since) => records.cascadeCounts(route, since),
    };
    const listings: RouteListing[] = [];
    for (const route of loaded.routes.values())
      listings.push(await listRoute(route, latest.get(route.name), reads, now));
    process.stdout.write(
      values.json ? `${JSON.stringify({ routes: listings }, null, 2)}\n` : render(listings),
    );
    return ExitCode.ok;
  } finally {
    await stores.close();
  }
};
