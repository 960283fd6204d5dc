// Traces per second into PostgreSQL from one process, as the gateway's trace writer sends them: batches of 500
// (its default) through `insertTraces`, one after another. Prints traces/s and this process's CPU µs per trace
// (the server's CPU is not counted). Run with `npm run bench:store-traces`; options after `--`:
// --traces N (default 100,000), --batch N (default 500), --store postgres://… (default: a fresh database on the
// local server, dropped after), --concurrency N (batches in flight at once, default 1).
import { parseArgs } from 'node:util';
import type { TraceInput } from '../src/store/contract/gateway-store.js';
import { openPostgresStores } from '../src/store/postgres/open-postgres.js';
import { createTestDatabase } from '../src/testing/postgres-database.js';

const { values: options } = parseArgs({
  options: {
    traces: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '500' },
    store: { type: 'string' },
    concurrency: { type: 'string', default: '1' },
  },
});
const total = Math.max(1, Number(options.traces));
const batchSize = Math.max(1, Number(options.batch));
const concurrency = Math.max(1, Number(options.concurrency));

/** A trace shaped like a gateway's: one attempt, tokens, cost, small captured bodies. */
const trace = (index: number): TraceInput => ({
  id: `bench-${Date.now().toString(36)}-${index}`,
  startedAt: new Date(Date.UTC(2026, 10, 1) + index * 10).toISOString(),
  keyId: `key-${index % 20}`,
  keyName: `team-${index % 20}`,
  route: index % 3 === 0 ? 'summarize' : 'classify',
  requestedModel: 'summarize',
  endpoint: '/v1/chat/completions',
  stream: index % 4 === 0,
  status: index % 50 === 0 ? 502 : 200,
  provider: 'openai',
  model: 'gpt-4o-mini',
  errorCode: null,
  errorMessage: null,
  attempts: [{ provider: 'openai', model: 'gpt-4o-mini', status: 200, latencyMs: 120, error: null }],
  inputTokens: 420,
  cachedInputTokens: null,
  outputTokens: 96,
  reasoningTokens: null,
  costUsd: 0.000_12,
  ttftMs: 80,
  latencyMs: 130,
  cacheHit: false,
  requestJson: JSON.stringify({
    model: 'summarize',
    messages: [{ role: 'user', content: `request ${index}` }],
  }),
  responseJson: null,
});

const database = options.store ? undefined : await createTestDatabase();
const stores = await openPostgresStores(options.store ?? database?.url ?? '');
try {
  const batches: TraceInput[][] = [];
  for (let start = 0; start < total; start += batchSize) {
    batches.push(
      Array.from({ length: Math.min(batchSize, total - start) }, (_, offset) => trace(start + offset)),
    );
  }
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) {
        const batch = batches[next];
        next += 1;
        if (batch) await stores.gateway.insertTraces(batch);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const stored = await stores.gateway.countTraces();
  if (stored < total) throw new Error(`only ${stored} of ${total} traces were stored`);
  const perSecond = Math.round(total / seconds);
  const cpuMicros = (cpu.user + cpu.system) / total;
  process.stdout.write(
    `${total} traces in batches of ${batchSize} (${concurrency} in flight) into PostgreSQL at ${stores.location}\n` +
      `  ${perSecond} traces/s, ${cpuMicros.toFixed(1)} µs CPU per trace in this process, ${seconds.toFixed(2)} s\n`,
  );
} finally {
  await stores.close();
  await database?.drop();
}
