// Fuzzes the gateway's request parsing in process: valid chat, messages and embeddings requests mutated (wrong
// types, huge and deep values, unicode, missing and extra fields, broken JSON, random bytes) must each get a
// well-formed JSON error in the endpoint's shape with a 4xx status, or the upstream's 200: never a 5xx, a hang,
// an unhandled rejection or a crash. Seeded; a failure prints the seed and path to replay it (YARDSTICK_FUZZ_SEED=…).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayStore } from '../store/contract/gateway-store.js';
import { openSqliteStores } from '../store/sqlite/open-sqlite.js';
import {
  type FakeServer,
  openaiChatCompletion,
  openaiChatStream,
  startFakeServer,
} from '../testing/fake-server.js';
import { fuzzSeed } from '../testing/fuzz-seed.js';
import { createApiKey } from './api-keys.js';
import { createGateway } from './gateway.js';
import { loadGatewayConfig } from './load-gateway-config.js';
import { type RunningServer, startGatewayServer } from './server.js';

const seed = fuzzSeed(20_261_118);
const numRuns = Number(process.env.YARDSTICK_FUZZ_RUNS ?? 300);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// ---- valid requests, the starting points of the mutations ----

const text = fc.string({ maxLength: 40 });
const chatRequest = fc.record({
  model: fc.constant('chat'),
  messages: fc.array(
    fc.oneof(
      fc.record({ role: fc.constantFrom('system', 'user', 'developer'), content: text }),
      fc.record({ role: fc.constant('assistant'), content: text }),
      fc.record({
        role: fc.constant('user'),
        content: fc.array(fc.record({ type: fc.constant('text'), text })),
      }),
    ),
    { minLength: 1, maxLength: 4 },
  ),
  stream: fc.boolean(),
  temperature: fc.double({ min: 0, max: 2, noNaN: true }),
  max_tokens: fc.integer({ min: 1, max: 4096 }),
  tools: fc.array(
    fc.record({
      type: fc.constant('function'),
      function: fc.record({
        name: fc.constantFrom('get_weather', 'search'),
        parameters: fc.constant({ type: 'object' }),
      }),
    }),
    { maxLength: 2 },
  ),
  stop: fc.oneof(text, fc.array(text, { maxLength: 3 })),
});

const messagesRequest = fc.record({
  model: fc.constant('chat'),
  max_tokens: fc.integer({ min: 1, max: 4096 }),
  messages: fc.array(
    fc.record({
      role: fc.constantFrom('user', 'assistant'),
      content: fc.oneof(text, fc.array(fc.record({ type: fc.constant('text'), text }), { minLength: 1 })),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  system: text,
  stream: fc.boolean(),
  stop_sequences: fc.array(text, { maxLength: 3 }),
  tools: fc.array(
    fc.record({ name: fc.constantFrom('a', 'b'), input_schema: fc.constant({ type: 'object' }) }),
    {
      maxLength: 2,
    },
  ),
});

const embeddingsRequest = fc.record({
  model: fc.constant('embed'),
  input: fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 5 })),
  encoding_format: fc.constantFrom('float', 'base64'),
});

// ---- mutations ----

/** Every place in a JSON value, as a list of keys from the root. */
const placesIn = (root: Json): Array<Array<string | number>> => {
  const places: Array<Array<string | number>> = [[]];
  const stack: Array<{ value: Json; at: Array<string | number> }> = [{ value: root, at: [] }];
  while (stack.length > 0) {
    const { value, at } = stack.pop() as { value: Json; at: Array<string | number> };
    if (value === null || typeof value !== 'object') continue;
    const entries: Array<[string | number, Json]> = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : Object.entries(value);
    for (const [key, child] of entries) {
      places.push([...at, key]);
      stack.push({ value: child, at: [...at, key] });
    }
  }
  return places;
};

const deepMarker = '\u0000deep:';
const deepMarkerJson = /"\\u0000deep:(\d+)"/g;

const nested = (depth: number, leaf: Json): Json => {
  let value = leaf;
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? [value] : { a: value };
  return value;
};

type Change =
  | { kind: 'replace'; value: Json }
  | { kind: 'delete' }
  | { kind: 'add'; key: string; value: Json };

const oddValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(null, true, 0, -1, 1e308, -0, '', [], {}, 2 ** 53, 1_000_001),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer({ min: 20, max: 300 }).map((depth) => nested(depth, 'x')),
  // far deeper than JSON.stringify can build: a marker, spelt out as brackets in the body text
  fc
    .integer({ min: 1_000, max: 100_000 })
    .map((depth) => `${deepMarker}${depth}`),
  fc.integer({ min: 1_000, max: 200_000 }).map((length) => 'é'.repeat(length)),
  fc.integer({ min: 1, max: 20_000 }).map((length) => Array.from({ length }, () => 'x')),
);

const change: fc.Arbitrary<Change> = fc.oneof(
  oddValue.map((value): Change => ({ kind: 'replace', value })),
  fc.constant<Change>({ kind: 'delete' }),
  fc
    .tuple(
      fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'n', 'stream')),
      oddValue,
    )
    .map(([key, value]): Change => ({ kind: 'add', key, value })),
);

const applyChange = (root: Json, at: Array<string | number>, what: Change): Json => {
  const copy = structuredClone(root);
  if (at.length === 0) return what.kind === 'replace' ? what.value : copy;
  let parent: Json = copy;
  for (const key of at.slice(0, -1)) parent = (parent as Record<string, Json>)[key] as Json;
  const last = at.at(-1) as string | number;
  const container = parent as Record<string | number, Json>;
  if (what.kind === 'replace') container[last] = what.value;
  else if (what.kind === 'delete') {
    if (Array.isArray(container)) container.splice(Number(last), 1);
    else delete container[last];
  } else {
    const target = container[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target))
      Object.defineProperty(target, what.key, {
        value: what.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else container[last] = what.value;
  }
  return copy;
};

/** A body: the valid request, changed in up to three places, then maybe broken as text or replaced by bytes. */
const body = (valid: fc.Arbitrary<Json>): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(
      valid,
      fc.array(fc.tuple(fc.nat(), change), { maxLength: 3 }),
      fc.oneof(
        { weight: 6, arbitrary: fc.constant<'keep'>('keep') },
        { weight: 1, arbitrary: fc.nat().map((cut) => ({ cut })) },
        {
          weight: 1,
          arbitrary: fc.tuple(fc.nat(), fc.string({ maxLength: 3 })).map(([at, insert]) => ({ at, insert })),
        },
        { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ bytes })) },
      ),
    )
    .map(([request, changes, damage]) => {
      let value = request;
      for (const [pick, what] of changes) {
        const places = placesIn(value);
        value = applyChange(value, places[pick % places.length] ?? [], what);
      }
      if (typeof damage === 'object' && 'bytes' in damage) return damage.bytes;
      let json = JSON.stringify(value).replace(deepMarkerJson, (_, depth: string) => {
        const levels = Number(depth);
        return `${'['.repeat(levels)}${']'.repeat(levels)}`;
      });
      if (typeof damage === 'object' && 'cut' in damage) json = json.slice(0, damage.cut % (json.length + 1));
      if (typeof damage === 'object' && 'insert' in damage) {
        const at = damage.at % (json.length + 1);
        json = json.slice(0, at) + damage.insert + json.slice(at);
      }
      return Buffer.from(json, 'utf8');
    });

// ---- the gateway under test ----

let upstream: FakeServer;
let server: RunningServer;
let store: GatewayStore;
let key: string;
const logs: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  upstream = await startFakeServer(
    (request) => {
      const sent = request.body as { stream?: boolean; input?: unknown } | undefined;
      if (request.path.endsWith('/embeddings')) {
        const count = Array.isArray(sent?.input) ? sent.input.length : 1;
        return {
          status: 200,
          json: {
            object: 'list',
            data: Array.from({ length: count }, (_, index) => ({
              object: 'embedding',
              index,
              embedding: [0.5, -1],
            })),
            model: 'text-embedding-3-small',
            usage: { prompt_tokens: 3, total_tokens: 3 },
          },
        };
      }
      return sent?.stream
        ? { sse: openaiChatStream({ content: 'fuzzed fine' }) }
        : { status: 200, json: openaiChatCompletion({ content: 'fuzzed fine' }) };
    },
    { record: false },
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-fuzz-'));
  writeFileSync(
    path.join(dir, 'gateway.yaml'),
    `providers:\n  up: { type: openai, baseUrl: ${upstream.url}/v1, apiKeyEnv: UP_KEY }\n` +
      'routes:\n  chat:\n    targets:\n      - { model: up:gpt-4o-mini }\n  embed:\n    targets:\n      - { model: up:text-embedding-3-small }\n',
  );
  const loaded = await loadGatewayConfig(path.join(dir, 'gateway.yaml'));
  store = openSqliteStores(path.join(dir, 'yardstick.db')).gateway;
  key = (await createApiKey(store, { name: 'fuzz' })).key;
  const gateway = createGateway({ loaded, store, env: { UP_KEY: 'sk-up' }, log: (line) => logs.push(line) });
  server = await startGatewayServer(gateway, '127.0.0.1', 0);
});

afterAll(async () => {
  await server.close();
  await store.close();
  await upstream.close();
  process.off('unhandledRejection', onUnhandled);
});

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** What is wrong with an answer, or undefined when it is a well-formed 4xx error or a 200. */
const problemWith = (
  endpoint: string,
  status: number,
  contentType: string,
  text: string,
): string | undefined => {
  if (status === 200) {
    if (contentType.startsWith('text/event-stream')) {
      const end = endpoint === '/v1/messages' ? 'event: message_stop' : 'data: [DONE]';
      return text.includes(end) ? undefined : `a stream without its end: ${text.slice(-200)}`;
    }
    try {
      JSON.parse(text);
      return undefined;
    } catch {
      return `a 200 that is not JSON: ${text.slice(0, 200)}`;
    }
  }
  if (status < 400 || status >= 500) return `status ${status}: ${text.slice(0, 300)}`;
  if (!contentType.startsWith('application/json')) return `a ${status} with content-type ${contentType}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return `a ${status} whose body is not JSON: ${text.slice(0, 200)}`;
  }
  const shape = parsed as { type?: unknown; error?: { type?: unknown; message?: unknown } };
  if (endpoint === '/v1/messages') {
    return shape.type === 'error' && isText(shape.error?.type) && isText(shape.error?.message)
      ? undefined
      : `not Anthropic's error shape: ${text.slice(0, 200)}`;
  }
  return isText(shape.error?.type) && isText(shape.error?.message)
    ? undefined
    : `not OpenAI's error shape: ${text.slice(0, 200)}`;
};

/** Statuses seen per endpoint, to show the fuzz reached both the refusals and the upstream. */
const seen = new Map<string, Map<number, number>>();

const send = async (endpoint: string, bytes: Uint8Array): Promise<string | undefined> => {
  try {
    const response = await fetch(`${server.url}${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-api-key': key },
      body: new Uint8Array(bytes),
      signal: AbortSignal.timeout(10_000),
    });
    const answer = await response.text();
    const counts = seen.get(endpoint) ?? new Map<number, number>();
    counts.set(response.status, (counts.get(response.status) ?? 0) + 1);
    seen.set(endpoint, counts);
    return problemWith(endpoint, response.status, response.headers.get('content-type') ?? '', answer);
  } catch (error) {
    return `no answer: ${error instanceof Error ? error.message : String(error)}`;
  }
};

describe('fuzzing the gateway request parsing', () => {
  const cases: Array<[string, fc.Arbitrary<Json>]> = [
    ['/v1/chat/completions', chatRequest as fc.Arbitrary<Json>],
    ['/v1/messages', messagesRequest as fc.Arbitrary<Json>],
    ['/v1/embeddings', embeddingsRequest as fc.Arbitrary<Json>],
  ];
  for (const [endpoint, valid] of cases) {
    it(`answers ${numRuns} mutated ${endpoint} bodies with a shaped 4xx or a 200, never a 5xx or a hang`, async () => {
      await fc.assert(
        fc.asyncProperty(body(valid), async (bytes) => {
          const problem = await send(endpoint, bytes);
          if (problem)
            throw new Error(`${problem}\nbody: ${Buffer.from(bytes).toString('utf8').slice(0, 300)}`);
        }),
        { seed, numRuns },
      );
      // not a degenerate fuzz: both refusals and answers from the upstream were reached
      const statuses = [...(seen.get(endpoint) ?? new Map<number, number>())];
      const count = (match: (status: number) => boolean): number =>
        statuses.filter(([status]) => match(status)).reduce((sum, [, times]) => sum + times, 0);
      expect(count((status) => status === 200)).toBeGreaterThan(numRuns / 10);
      expect(count((status) => status >= 400 && status < 500)).toBeGreaterThan(numRuns / 10);
      expect(unhandled).toEqual([]);
      expect(logs.filter((line) => line.includes('internal error'))).toEqual([]);
    }, 60_000);
  }
});
