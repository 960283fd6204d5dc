import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../suite/load-suite.js';
import type { Suite } from '../suite/suite-types.js';
import {
  type FakeResponse,
  type FakeServer,
  openaiChatCompletion,
  type RecordedRequest,
  startFakeServer,
} from '../testing/fake-server.js';
import { createMemoryRunStore, type MemoryRunStore } from '../testing/memory-run-store.js';
import { createTestDatabase, probePostgres, type TestDatabase } from '../testing/postgres-database.js';
import { runWorker } from './eval-worker.js';
import { runDistributed } from './run-distributed.js';
import type { RunEvent } from './run-events.js';
import { openRunQueue, type RunQueue } from './run-queue.js';

// under CI=true a missing PostgreSQL fails here; elsewhere the tests are skipped and the probe says why
const postgres = await probePostgres();
const withPostgres = describe.skipIf(!postgres.reachable);

const suiteText = (baseUrl: string, cases: number, extra = '') =>
  `name: distributed
prompts:
  - id: ask
    messages: [ { role: user, content: "number {{n}}" } ]
models:
  - id: openai:fake-model
    baseUrl: ${baseUrl}/v1
    apiKeyEnv: FAKE_KEY
    price: { input: 1, output: 2 }
    options: { maxRetries: 0, timeoutMs: 5000 }
${extra}
tests:
${Array.from({ length: cases }, (_, n) => `  - id: case-${n}\n    vars: { n: ${n} }\n    assert: [ { type: contains, value: "answer ${n}" } ]`).join('\n')}
`;

const project = (text: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-distributed-'));
  writeFileSync(path.join(dir, 'suite.yaml'), text);
  return dir;
};

const answerNumber = async (request: RecordedRequest): Promise<FakeResponse> => {
  await new Promise((resolve) => setTimeout(resolve, 20));
  const n = numberOf(request.body);
  return {
    status: 200,
    json: openaiChatCompletion({
      content: `answer ${n}`,
      usage: { prompt_tokens: 10, completion_tokens: 5 },
    }),
  };
};

const numberOf = (body: unknown): string => /number (\d+)/.exec(JSON.stringify(body))?.[1] ?? '?';

withPostgres('distributed run: coordinator and workers in one process', () => {
  let database: TestDatabase;
  let queue: RunQueue;
  let server: FakeServer;
  beforeAll(async () => {
    database = await createTestDatabase();
    queue = await openRunQueue({
      connectionString: database.url,
      visibilityTimeoutSeconds: 5,
      supervise: true,
      retryLimit: 0,
    });
    server = await startFakeServer(answerNumber);
  });
  afterAll(async () => {
    await server?.close();
    await queue?.close();
    await database?.drop();
  });

  const startWorkers = (store: MemoryRunStore, cwd: string, count: number) => {
    const stop = new AbortController();
    const logs: string[] = [];
    const workers = Array.from({ length: count }, () =>
      runWorker({
        queue,
        runs: store.runs,
        cwd,
        env: { FAKE_KEY: 'sk-test' },
        concurrency: 3,
        cacheDir: undefined,
        adapterDir: path.join(cwd, '.yardstick', 'promptfoo'),
        stopSignal: stop.signal,
        abortSignal: new AbortController().signal,
        once: false,
        discoverMs: 200,
        idleMs: 100,
        log: (line) => logs.push(line),
      }),
    );
    return {
      logs,
      stop: async () => {
        stop.abort();
        return Promise.all(workers);
      },
    };
  };

  const settings = { models: [], repeat: 1, repeatAuto: false, concurrency: 4 };
  const distributed = { suitePath: 'suite.yaml', cache: false, visibilityTimeoutSeconds: 5 };

  /** The coordinator on `suite` with the settings above (`overrides` replace any of them), and its events. */
  const startCoordinator = (
    suite: Suite,
    store: MemoryRunStore,
    overrides: Partial<Parameters<typeof runDistributed>[0]> = {},
  ) => {
    const events: RunEvent[] = [];
    const running = runDistributed({
      suite,
      stores: store,
      queue,
      settings,
      distributed,
      abortSignal: new AbortController().signal,
      onEvent: (event) => events.push(event),
      pollMs: 100,
      ...overrides,
    });
    return { running, events };
  };

  /** The same, to the end of the run: its outcome and events. */
  const coordinate = async (
    suite: Suite,
    store: MemoryRunStore,
    overrides: Partial<Parameters<typeof runDistributed>[0]> = {},
  ) => {
    const { running, events } = startCoordinator(suite, store, overrides);
    return { outcome: await running, events };
  };

  it('stores every planned call exactly once and emits the events of a local run', async () => {
    const cwd = project(suiteText(server.url, 20));
    const suite = await loadSuite(path.join(cwd, 'suite.yaml'));
    const store = createMemoryRunStore();
    const before = server.requests.length;
    const workers = startWorkers(store, cwd, 2);
    const { outcome, events } = await coordinate(suite, store);
    const summaries = await workers.stop();

    expect(outcome).toMatchObject({ status: 'completed', failedCalls: 0, ranModels: ['openai:fake-model'] });
    expect(store.results.size).toBe(20);
    expect(store.duplicates).toBe(0);
    expect(server.requests.length - before).toBe(20);
    expect(summaries.reduce((sum, summary) => sum + summary.stored, 0)).toBe(20);
    expect(events[0]).toMatchObject({ type: 'start', total: 20, alreadyDone: 0 });
    const results = events.filter((event) => event.type === 'result');
    expect(results).toHaveLength(20);
    // 10 input and 5 output tokens at $1 and $2 per million
    expect(results[0]).toMatchObject({ pass: true, spentUsd: expect.closeTo(0.00002, 10) });
    expect(events.at(-1)).toEqual({ type: 'finish', runId: outcome.runId, status: 'completed' });
    expect((await store.runs.getRun(outcome.runId))?.status).toBe('completed');
    expect(await queue.listRuns()).not.toContain(outcome.runId);
  });

  it('lets a stopped worker finish and store its calls in flight, so the next worker makes no call twice', async () => {
    const cwd = project(suiteText(server.url, 16));
    const suite = await loadSuite(path.join(cwd, 'suite.yaml'));
    const store = createMemoryRunStore();
    const before = server.requests.length;
    const first = startWorkers(store, cwd, 1);
    const { running } = startCoordinator(suite, store);
    while (server.requests.length - before < 4) await new Promise((resolve) => setTimeout(resolve, 10));
    const [stopped] = await first.stop();
    // every call it made is stored: nothing in flight was dropped
    expect(store.results.size).toBe(server.requests.length - before);
    expect(stopped?.stored).toBe(store.results.size);
    expect(store.results.size).toBeLessThan(16);

    const second = startWorkers(store, cwd, 1);
    const outcome = await running;
    await second.stop();
    expect(outcome.status).toBe('completed');
    expect(store.results.size).toBe(16);
    expect(server.requests.length - before).toBe(16);
    expect(store.duplicates).toBe(0);
  });

  it('deletes the queue and marks the run aborted when the coordinator is interrupted', async () => {
    const cwd = project(suiteText(server.url, 30));
    const suite = await loadSuite(path.join(cwd, 'suite.yaml'));
    const store = createMemoryRunStore();
    const before = server.requests.length;
    const workers = startWorkers(store, cwd, 1);
    const interrupt = new AbortController();
    const { running, events } = startCoordinator(suite, store, { abortSignal: interrupt.signal });
    while (server.requests.length - before < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    interrupt.abort();
    const outcome = await running;
    expect(outcome.status).toBe('aborted');
    expect(events.at(-1)).toEqual({ type: 'finish', runId: outcome.runId, status: 'aborted' });
    expect((await store.runs.getRun(outcome.runId))?.status).toBe('aborted');
    expect(await queue.listRuns()).not.toContain(outcome.runId);
    // the worker notices within its discovery interval and takes nothing more of the run
    await new Promise((resolve) => setTimeout(resolve, 600));
    const made = server.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(server.requests.length).toBe(made);
    expect(made - before).toBeLessThan(30);
    await workers.stop();
  });

  it('runs --repeat auto in rounds: steady cases stop after 4 repeats, a flaky one goes on to the maximum', async () => {
    const cwd = project(suiteText(server.url, 4));
    const suite = await loadSuite(path.join(cwd, 'suite.yaml'));
    const store = createMemoryRunStore();
    const asked = new Map<string, number>();
    // cases 0 and 1 always pass; cases 2 and 3 pass every other time
    server.respondWith(async (request) => {
      const n = numberOf(request.body);
      const k = asked.get(n) ?? 0;
      asked.set(n, k + 1);
      const content = Number(n) >= 2 && k % 2 === 1 ? 'no idea' : `answer ${n}`;
      return { status: 200, json: openaiChatCompletion({ content }) };
    });
    const workers = startWorkers(store, cwd, 2);
    const { running, events } = startCoordinator(suite, store, {
      settings: { models: [], repeat: 8, repeatAuto: true, concurrency: 4 },
      pollMs: 50,
    });
    try {
      expect((await running).status).toBe('completed');
    } finally {
      await workers.stop();
      server.respondWith(answerNumber);
    }
    expect(Object.fromEntries(asked)).toEqual({ '0': 4, '1': 4, '2': 8, '3': 8 });
    expect(store.results.size).toBe(24);
    const rounds = events.filter((event) => event.type === 'round');
    expect(rounds.map((event) => event.round)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(rounds.at(-1)).toMatchObject({ calls: 2, cases: 2 });
  });

  it('with --once, a worker takes what is waiting and returns when nothing is left', async () => {
    const cwd = project(suiteText(server.url, 5));
    const suite = await loadSuite(path.join(cwd, 'suite.yaml'));
    const store = createMemoryRunStore();
    const runId = '20261129-000000-once';
    await store.runs.createRun({
      id: runId,
      suiteName: suite.name,
      suitePath: suite.filePath,
      suiteHash: suite.hash,
      startedAt: new Date().toISOString(),
      config: { ...settings, distributed },
      totalPlanned: 5,
    });
    await queue.openRun(runId);
    await queue.enqueue(
      runId,
      suite.tests.map((test) => ({
        runId,
        promptId: 'ask',
        modelKey: 'openai:fake-model',
        testId: test.id,
        repeat: 0,
      })),
    );
    const summary = await runWorker({
      queue,
      runs: store.runs,
      cwd,
      env: { FAKE_KEY: 'sk-test' },
      concurrency: 2,
      cacheDir: undefined,
      adapterDir: path.join(cwd, '.yardstick', 'promptfoo'),
      stopSignal: new AbortController().signal,
      abortSignal: new AbortController().signal,
      once: true,
      discoverMs: 200,
      idleMs: 50,
      log: () => {},
    });
    expect(summary).toEqual({ stored: 5, alreadyStored: 0, skipped: 0, failed: 0 });
    expect(await queue.sizes(runId)).toEqual({ waiting: 0, active: 0 });
    await queue.remove(runId);
  });

  it('resumes a run by enqueuing only the calls the store lacks', async () => {
    const cwd = project(suiteText(server.url, 6));
    const suite = await loadSuite(path.join(cwd, 'suite.yaml'));
    const store = createMemoryRunStore();
    const aborted = new AbortController();
    aborted.abort();
    // a first session that was interrupted before any worker ran: the run exists, nothing is stored
    const { outcome: first } = await coordinate(suite, store, { abortSignal: aborted.signal });
    expect(first.status).toBe('aborted');
    expect((await store.runs.getRun(first.runId))?.status).toBe('aborted');
    // two results arrived from somewhere before the resume (an earlier worker)
    for (const n of [0, 1]) {
      await store.runs.recordResult({
        runId: first.runId,
        promptId: 'ask',
        modelId: 'openai:fake-model',
        testId: `case-${n}`,
        repeat: 0,
        pass: true,
        cacheHit: false,
        assertions: [],
      });
    }
    const before = server.requests.map((request) => numberOf(request.body));
    const workers = startWorkers(store, cwd, 1);
    const { outcome, events } = await coordinate(suite, store, { resumeRunId: first.runId });
    await workers.stop();
    expect(outcome.status).toBe('completed');
    expect(events[0]).toMatchObject({ type: 'start', resumed: true, total: 6, alreadyDone: 2 });
    const asked = server.requests.map((request) => numberOf(request.body)).slice(before.length);
    expect(asked.sort()).toEqual(['2', '3', '4', '5']);
    expect(store.results.size).toBe(6);
  });

  it('fails the calls of a worker whose suite differs, naming the file and both hashes, and ends the run failed', async () => {
    const cwd = project(suiteText(server.url, 3));
    const workerCwd = project(suiteText(server.url, 3).replace('number {{n}}', 'the number {{n}}'));
    const suite = await loadSuite(path.join(cwd, 'suite.yaml'));
    const store = createMemoryRunStore();
    const workers = startWorkers(store, workerCwd, 1);
    const { outcome } = await coordinate(suite, store);
    await workers.stop();
    expect(outcome.status).toBe('failed');
    expect(outcome.failedCalls).toBe(3);
    expect(outcome.failures).toHaveLength(1);
    expect(outcome.failures[0]?.calls).toBe(3);
    expect(outcome.failures[0]?.message).toMatch(
      new RegExp(
        `suite.yaml on this worker \\(suite hash ${(await loadSuite(path.join(workerCwd, 'suite.yaml'))).hash.slice(0, 12)}\\) is not the suite run .* started with \\(hash ${suite.hash.slice(0, 12)}\\)`,
      ),
    );
    // said once in the worker's log, not once per call
    expect(workers.logs.filter((line) => line.includes('is not the suite'))).toHaveLength(1);
    expect((await store.runs.getRun(outcome.runId))?.status).toBe('failed');
    expect(store.results.size).toBe(0);
  });

  it('records a model whose server is never reached as skipped, without retrying its calls', async () => {
    const cwd = project(
      suiteText(
        server.url,
        4,
        `  - id: openai:gone\n    baseUrl: http://127.0.0.1:9/v1\n    apiKeyEnv: FAKE_KEY\n    options: { maxRetries: 0, timeoutMs: 2000 }`,
      ),
    );
    const suite = await loadSuite(path.join(cwd, 'suite.yaml'));
    const store = createMemoryRunStore();
    const workers = startWorkers(store, cwd, 1);
    const { outcome, events } = await coordinate(suite, store);
    await workers.stop();
    expect(outcome.status).toBe('completed');
    expect(outcome.ranModels).toEqual(['openai:fake-model']);
    expect(outcome.skipped.map((entry) => entry.key)).toEqual(['openai:gone']);
    expect(events.find((event) => event.type === 'model-skipped')).toMatchObject({ model: 'openai:gone' });
    expect(store.results.size).toBe(4);
    expect([...store.results.values()].every((result) => result.modelId === 'openai:fake-model')).toBe(true);
  });
});
