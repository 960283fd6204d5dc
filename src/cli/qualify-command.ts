// `yardstick qualify`: runs each cheapest-passing route's suite against its targets, records which target serves
// (and in what order the rest follow), and prints what that choice saves; `--if-stale` re-runs only the routes
// whose record no longer holds.
import path from 'node:path';
import type { ResolvedRoute } from '../gateway/load-gateway-config.js';
import { loadGatewayConfig } from '../gateway/load-gateway-config.js';
import { listingWindowMs, tracedVolume } from '../gateway/route-listing.js';
import { loadPriceOverrides } from '../pricing/effective-price-table.js';
import { createResponseCache } from '../runner/response-cache.js';
import { parseVolume, type Volume } from '../scorecard/project-cost.js';
import { staleReasons } from '../scorecard/qualification-staleness.js';
import { YardstickError } from '../spec/errors.js';
import { findSuggestion } from '../spec/find-suggestion.js';
import type { QualificationRecord, QualificationStore } from '../store/contract/qualification-store.js';
import { ExitCode } from './exit-codes.js';
import { gatewayEnv } from './gateway-env.js';
import { parseArguments } from './parse-arguments.js';
import { defaultCacheDir, projectDir } from './paths.js';
import { createProgress } from './progress.js';
import { type QualifiedRoute, renderQualified, toJsonRoute } from './qualify-output.js';
import { qualifyRoute } from './qualify-route.js';
import { routeBasis } from './route-basis.js';
import { onInterrupt } from './signals.js';
import { chooseStore, openChosenStore, storeHelp, storeOptions } from './store-location.js';

const help = `usage: yardstick qualify --config gateway.yaml [--route <name>] [--if-stale] [--volume auto|<n/unit>] [--json]

Runs the suite of every route with policy: cheapest-passing against each of its targets (through the
response cache, like eval), decides which targets pass (qualify.minPassRate on the 95% Wilson lower
bound, or qualify.reference with maxDrop, paired), and records the cheapest passing target and the
serving order; a running gateway picks the record up within seconds. See docs/routing.md.

  --config <file>     the gateway config (required)
  --route <name>      only this route (repeatable)
  --if-stale          only routes whose record is missing or stale (suite, targets, a price, the price
                      table or the rule changed); no model is called otherwise
  --volume <v>        price the choice at this many calls: 500000/day, 20k/hour, or auto (the route's
                      traced requests over the last 7 days)
  --no-cache          call the targets even when an identical answer is cached
  --json              write { routes: [...] } to stdout
  ${storeHelp}; the config's store: comes before YARDSTICK_STORE

Exit codes: 0 every route has a qualified target, 1 a route has none, 2 configuration error, 3 aborted.`;

/** The route's traced requests per day over the last 7 days. */
const tracedVolumeOf = async (records: QualificationStore, route: string): Promise<Volume> =>
  tracedVolume(await records.tracedRequests(route, new Date(Date.now() - listingWindowMs).toISOString()));

const pickRoutes = (routes: Map<string, ResolvedRoute>, wanted: string[] | undefined): ResolvedRoute[] => {
  const policyRoutes = [...routes.values()].filter((route) => route.policy === 'cheapest-passing');
  if (wanted === undefined || wanted.length === 0) {
    if (policyRoutes.length === 0) {
      throw new YardstickError(
        'E_CONFIG',
        'no route has policy: cheapest-passing, so there is nothing to qualify; see docs/routing.md',
      );
    }
    return policyRoutes;
  }
  return wanted.map((name) => {
    const route = routes.get(name);
    if (!route) {
      const suggestion = findSuggestion(name, [...routes.keys()]);
      throw new YardstickError(
        'E_CONFIG',
        `--route ${name}: no such route${suggestion ? `; did you mean "${suggestion}"?` : `; the routes are ${[...routes.keys()].join(', ')}`}`,
      );
    }
    if (route.policy !== 'cheapest-passing') {
      throw new YardstickError(
        'E_CONFIG',
        `--route ${name}: its policy is ${route.policy}; qualify runs only routes with policy: cheapest-passing`,
      );
    }
    return route;
  });
};

export const qualifyCommand = async (argv: string[]): Promise<number> => {
  const { values, positionals } = parseArguments(
    argv,
    {
      config: { type: 'string', short: 'c' },
      route: { type: 'string', multiple: true },
      'if-stale': { type: 'boolean' },
      volume: { type: 'string' },
      'no-cache': { type: 'boolean' },
      json: { type: 'boolean' },
      ...storeOptions,
      help: { type: 'boolean', short: 'h' },
    },
    'qualify',
  );
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return ExitCode.ok;
  }
  if (positionals.length > 0)
    throw new YardstickError(
      'E_CONFIG',
      `qualify takes no arguments, got ${positionals.join(' ')}; use --config`,
    );
  if (values.config === undefined)
    throw new YardstickError('E_CONFIG', `qualify needs --config gateway.yaml\n\n${help}`);
  const fixedVolume =
    values.volume === undefined || values.volume === 'auto' ? undefined : parseVolume(values.volume);
  const loaded = await loadGatewayConfig(values.config);
  const routes = pickRoutes(loaded.routes, values.route);
  loadPriceOverrides(path.join(projectDir(), 'prices.json'));
  // every suite is read before any model is called, so a broken one costs nothing
  const prepared = [];
  for (const route of routes) prepared.push(await routeBasis(route));
  const env = gatewayEnv(loaded);

  const stores = await openChosenStore(
    chooseStore(values, { store: loaded.config.store, file: loaded.file }),
  );
  const store = stores.runs;
  const records = stores.qualifications;
  const controller = new AbortController();
  const stopListening = onInterrupt(() => {
    process.stderr.write('\ninterrupted: stopping; no record is written for an unfinished route\n');
    controller.abort();
  });
  const out = (text: string): void => {
    // with --json, stdout holds only the JSON
    (values.json ? process.stderr : process.stdout).write(text);
  };
  try {
    const previous = new Map<string, QualificationRecord>(
      (await records.latest()).map((record) => [record.route, record]),
    );
    const reported: QualifiedRoute[] = [];
    for (const route of prepared) {
      const name = route.route.name;
      const before = previous.get(name);
      const reasons = before ? staleReasons(before, route.basis) : ['no qualification record yet'];
      const volume =
        values.volume === undefined ? undefined : (fixedVolume ?? (await tracedVolumeOf(records, name)));
      if (values['if-stale'] && reasons.length === 0 && before) {
        out(
          `route ${name}: up to date (record ${before.id} of ${before.createdAt}, serving ${before.chosen ?? 'in listed order'})\n`,
        );
        reported.push({ route: route.route, record: before, previous: undefined, stale: false, volume });
        continue;
      }
      if (values['if-stale'] && before) out(`route ${name}: stale: ${reasons.join('; ')}\n`);
      const interactive = Boolean(process.stderr.isTTY) && process.env.CI !== 'true';
      const progress = createProgress({ stream: process.stderr, interactive });
      const qualified = await qualifyRoute(route, {
        store,
        records,
        cache: values['no-cache'] ? undefined : createResponseCache(defaultCacheDir()),
        env,
        abortSignal: controller.signal,
        onEvent: (event) => progress.onEvent(event),
      });
      if (qualified.status === 'aborted') {
        process.stderr.write(
          `route ${name} was interrupted (run ${qualified.runId}); run qualify again to resume it: no case is called twice\n`,
        );
        return ExitCode.aborted;
      }
      const entry = { route: route.route, record: qualified.record, previous: before, stale: false, volume };
      out(renderQualified(entry));
      reported.push(entry);
    }
    if (values.json)
      process.stdout.write(`${JSON.stringify({ routes: reported.map(toJsonRoute) }, null, 2)}\n`);
    return reported.every((entry) => entry.record.chosen !== null) ? ExitCode.ok : ExitCode.belowThreshold;
  } finally {
    stopListening();
    await stores.close();
  }
};
