// `yardstick monitor`: per route and model, the monitor's pass rate over a window against its reference (the
// route's qualification record, else the window before), and whether it drifted; exit 1 on drift, for cron.
import { loadGatewayConfig } from '../gateway/load-gateway-config.js';
import { type DriftRow, measureRoutes, minSamplesForDrift } from '../monitor/measure-drift.js';
import { YardstickError } from '../spec/errors.js';
import { ExitCode } from './exit-codes.js';
import { parseArguments, parseFraction, parseMoment } from './parse-arguments.js';
import { chooseStore, openChosenStore, storeHelp, storeOptions } from './store-location.js';

const help = `usage: yardstick monitor [--config gateway.yaml] [--route R] [--since 1h|7d] [--max-drop 0.05]
                        [--json] [--store URL]

For each monitored route and model: the samples scored in the window (--since, default 1h), how many
passed, the pass rate with its 95% Wilson interval, and the reference: the pass rate of the route's
qualification record when there is one, else the same route and model in the window just before. drift
is true when the production rate is credibly (one-sided p < 0.05) below the reference by more than
--max-drop (default: the route's monitor.maxDrop, else 0.05), with at least ${minSamplesForDrift} samples on each side.
Exits 1 when any route drifted, so it can run from cron. --json prints
{ routes: [{ route, model, samples, passed, passRate, passRateCi95, reference, drift, pDrift }] }.
See docs/monitoring.md.

  ${storeHelp}`;

const percent = (rate: number | null): string => (rate === null ? '-' : `${(rate * 100).toFixed(1)}%`);

const describeReference = (row: DriftRow): string => {
  const reference = row.reference;
  if (reference === null) return '-';
  if (reference.source === 'qualification') return `${percent(reference.passRate)} (qualification)`;
  if (reference.samples === 0) return 'none (no samples in the window before)';
  return `${percent(reference.passRate)} of ${reference.samples} (window before)`;
};

const line = (row: DriftRow): string => {
  const interval = row.passRateCi95
    ? ` [${percent(row.passRateCi95[0])}, ${percent(row.passRateCi95[1])}]`
    : '';
  const unscored = row.notScored > 0 ? ` (+${row.notScored} not scored)` : '';
  const verdict = row.drift ? 'DRIFT' : 'ok';
  const p =
    row.pDrift === null
      ? ''
      : `  p=${row.pDrift < 0.0001 ? row.pDrift.toExponential(1) : row.pDrift.toFixed(4)}`;
  return (
    `${row.route}  ${row.model}  ${row.passed}/${row.samples}${unscored} passed  ${percent(row.passRate)}${interval}` +
    `  reference ${describeReference(row)}${p}  ${verdict}`
  );
};

export const monitorCommand = async (argv: string[]): Promise<number> => {
  const { values, positionals } = parseArguments(
    argv,
    {
      config: { type: 'string', short: 'c' },
      route: { type: 'string' },
      since: { type: 'string' },
      'max-drop': { type: 'string' },
      json: { type: 'boolean' },
      ...storeOptions,
      help: { type: 'boolean', short: 'h' },
    },
    'monitor',
  );
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return ExitCode.ok;
  }
  if (positionals.length > 0)
    throw new YardstickError('E_CONFIG', `monitor takes options only, got ${positionals.join(' ')}`);
  const loaded = values.config === undefined ? undefined : await loadGatewayConfig(values.config);
  if (values.route !== undefined && loaded && !loaded.routes.get(values.route)?.monitor) {
    const monitored = [...loaded.routes.values()].filter((route) => route.monitor).map((route) => route.name);
    throw new YardstickError(
      'E_CONFIG',
      `--route ${values.route}: no such monitored route in ${values.config}; monitored: ${monitored.join(', ') || 'none (add monitor: to a route)'}`,
    );
  }
  const maxDrop = parseFraction(values['max-drop'], '--max-drop');
  const now = Date.now();
  const since = parseMoment(values.since ?? '1h', '--since', -1, '30m, 1h, 7d or a date', now);
  if (Date.parse(since) >= now)
    throw new YardstickError('E_CONFIG', `--since ${values.since}: must be in the past`);
  const stores = await openChosenStore(
    chooseStore(values, loaded && { store: loaded.config.store, file: loaded.file }),
  );
  try {
    const rows = await measureRoutes(stores.monitor, {
      since,
      until: new Date(now + 1).toISOString(),
      ...(values.route === undefined ? {} : { route: values.route }),
      maxDrop: (route) => maxDrop ?? loaded?.routes.get(route)?.monitor?.maxDrop ?? 0.05,
    });
    const drifted = rows.some((row) => row.drift);
    if (values.json) {
      const routes = rows.map(
        ({ route, model, samples, passed, passRate, passRateCi95, reference, drift, pDrift }) => ({
          route,
          model,
          samples,
          passed,
          passRate,
          passRateCi95,
          reference,
          drift,
          pDrift,
        }),
      );
      process.stdout.write(`${JSON.stringify({ routes }, null, 2)}\n`);
    } else if (rows.length === 0) {
      process.stdout.write(
        `no monitor samples since ${since}; add monitor: to a route in gateway.yaml (see docs/monitoring.md)\n`,
      );
    } else {
      process.stdout.write(`since ${since}\n${rows.map(line).join('\n')}\n`);
      const judged = rows.reduce((sum, row) => sum + row.judgeCostUsd, 0);
      if (judged > 0) process.stdout.write(`judge spend: $${judged.toPrecision(2)}\n`);
      if (drifted)
        process.stdout.write('drift: the pass rate dropped below the reference by more than the margin\n');
    }
    return drifted ? ExitCode.belowThreshold : ExitCode.ok;
  } finally {
    await stores.close();
  }
};
