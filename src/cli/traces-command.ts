// `yardstick traces`: the gateway's requests, newest first, with totals; `--output traces.jsonl` exports them.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { formatUsd } from '../pricing/format-usd.js';
import { YardstickError } from '../spec/errors.js';
import type { TraceFilter, TraceRow } from '../store/contract/gateway-store.js';
import type { MonitorSampleRow } from '../store/contract/monitor-store.js';
import { ExitCode } from './exit-codes.js';
import { parseArguments, parseCount, parseMoment } from './parse-arguments.js';
import { chooseStore, openChosenStore, type StoreChoice, storeHelp, storeOptions } from './store-location.js';
import { formatTable } from './text-table.js';

const help = `usage: yardstick traces [--route R] [--key NAME] [--since 1h] [--errors] [--limit 50]
                       [--json] [--output traces.jsonl] [--store URL]
       yardstick traces --failed [--route R] [--since 1h] [--limit 50] [--store URL]

Lists the gateway's requests, newest first, with their status, key name, route, provider:model (the
provider as gateway.yaml names it), tokens, cost, latency and whether the cache answered, then totals over
everything that matched. --since takes 30m, 1h, 7d or a date. --json prints the listed traces and the
totals as one JSON object. --output writes every matching trace as one JSON object per line (no limit).
--failed lists instead the sampled requests whose monitor checks failed, with the reasons;
\`yardstick capture <trace-id>\` turns one into a test.

  ${storeHelp}`;

const traceColumns = [
  'time',
  'status',
  'key',
  'route',
  'model',
  'tokens in/out',
  'cost',
  'latency',
  'cache',
  'note',
];

/** A failed sample: when, where, its trace id (for `capture`), and each failed check's reason. */
const failedLine = (sample: MonitorSampleRow): string => {
  const reasons = sample.checks
    .filter((check) => !check.pass)
    .map((check) => `${check.label ?? check.type}: ${check.reason}`);
  return `${sample.startedAt.replace('T', ' ').slice(0, 19)}  ${sample.route}  ${sample.model}  ${sample.traceId}\n    ${reasons.join('\n    ')}`;
};

const listFailed = async (choice: StoreChoice, filter: TraceFilter, limit: number): Promise<number> => {
  const stores = await openChosenStore(choice);
  try {
    const failed = await stores.monitor.failed({ ...filter, limit });
    if (failed.length === 0) {
      process.stdout.write(
        'no failed monitor samples match; routes with monitor: in gateway.yaml record them\n',
      );
      return ExitCode.ok;
    }
    process.stdout.write(`${failed.map(failedLine).join('\n')}\n\n${failed.length} failed sample(s)\n`);
    return ExitCode.ok;
  } finally {
    await stores.close();
  }
};

const row = (trace: TraceRow): string[] => [
  trace.startedAt.replace('T', ' ').slice(0, 19),
  String(trace.status),
  trace.keyName ?? '-',
  trace.route ?? '-',
  trace.provider && trace.model ? `${trace.provider}:${trace.model}` : (trace.model ?? '-'),
  trace.inputTokens === null ? '-' : `${trace.inputTokens}/${trace.outputTokens ?? 0}`,
  trace.costUsd !== null ? formatUsd(trace.costUsd) : trace.inputTokens === null ? '-' : 'unpriced',
  `${Math.round(trace.latencyMs)} ms`,
  trace.cacheHit ? 'hit' : '',
  [trace.attempts.length > 1 ? `${trace.attempts.length} attempts` : '', trace.errorMessage ?? '']
    .filter((text) => text !== '')
    .join('; '),
];

export const tracesCommand = async (argv: string[]): Promise<number> => {
  const { values, positionals } = parseArguments(
    argv,
    {
      route: { type: 'string' },
      key: { type: 'string' },
      since: { type: 'string' },
      errors: { type: 'boolean' },
      failed: { type: 'boolean' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      output: { type: 'string', short: 'o' },
      ...storeOptions,
      help: { type: 'boolean', short: 'h' },
    },
    'traces',
  );
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return ExitCode.ok;
  }
  if (positionals.length > 0)
    throw new YardstickError('E_CONFIG', `traces takes options only, got ${positionals.join(' ')}`);
  if (values.output && !values.output.endsWith('.jsonl')) {
    throw new YardstickError(
      'E_CONFIG',
      `--output ${values.output}: traces are written as JSON lines; name the file *.jsonl`,
    );
  }
  const limit = parseCount(values.limit, '--limit') ?? 50;
  const filter: TraceFilter = {
    ...(values.route ? { route: values.route } : {}),
    ...(values.key ? { keyName: values.key } : {}),
    ...(values.since ? { since: parseMoment(values.since, '--since', -1, '30m, 1h, 7d or a date') } : {}),
    ...(values.errors ? { errorsOnly: true } : {}),
  };
  if (values.failed) {
    if (values.key || values.errors || values.output) {
      throw new YardstickError(
        'E_CONFIG',
        '--failed lists monitor samples: it takes --route, --since and --limit only',
      );
    }
    return listFailed(chooseStore(values), filter, limit);
  }
  const stores = await openChosenStore(chooseStore(values));
  const store = stores.gateway;
  try {
    let count = 0;
    let errors = 0;
    let cost = 0;
    let unpriced = 0;
    let input = 0;
    let output = 0;
    let cacheHits = 0;
    const shown: TraceRow[] = [];
    const file = values.output ? createWriteStream(values.output) : undefined;
    for await (const trace of store.traces(filter)) {
      count += 1;
      if (trace.status >= 400) errors += 1;
      if (trace.cacheHit) cacheHits += 1;
      // a request that used tokens at no known price; a refused or failed one simply cost nothing
      if (trace.costUsd !== null) cost += trace.costUsd;
      else if (trace.inputTokens !== null) unpriced += 1;
      input += trace.inputTokens ?? 0;
      output += trace.outputTokens ?? 0;
      if (shown.length < limit) shown.push(trace);
      if (file && !file.write(`${JSON.stringify(trace)}\n`)) await once(file, 'drain');
    }
    if (file) {
      file.end();
      await once(file, 'finish');
      process.stderr.write(`wrote ${count} trace(s) to ${values.output}\n`);
    }
    const totals = {
      requests: count,
      errors,
      inputTokens: input,
      outputTokens: output,
      costUsd: cost,
      unpriced,
      cacheHits,
    };
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({ traces: shown, more: count - shown.length, totals }, null, 2)}\n`,
      );
      return ExitCode.ok;
    }
    if (count === 0) {
      process.stdout.write('no traces match; `yardstick serve` records one per request\n');
      return ExitCode.ok;
    }
    process.stdout.write(`${formatTable(traceColumns, shown.map(row))}\n`);
    if (count > shown.length)
      process.stdout.write(`… and ${count - shown.length} more (--limit, or --output traces.jsonl)\n`);
    const hits = cacheHits > 0 ? `, ${cacheHits} from the cache` : '';
    process.stdout.write(
      `\n${count} request(s), ${errors} error(s)${hits}, ${input} input and ${output} output tokens, ` +
        `${formatUsd(cost)}${unpriced > 0 ? ` (+ ${unpriced} unpriced)` : ''}\n`,
    );
    return ExitCode.ok;
  } finally {
    await stores.close();
  }
};
