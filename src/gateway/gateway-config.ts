// The gateway's configuration file (gateway.yaml): providers, routes and server settings, as a zod schema.
import { z } from 'zod';
import { monitorSchema } from '../monitor/monitor-config.js';
import { assertionSchema } from '../suite/assertion-schema.js';
import { headersSchema, priceSchema } from '../suite/model-schema.js';
import { requestLimits } from './request-limits.js';

/** A provider connection: its registry type (defaults to its name), where it is and how its key is found. */
const providerSchema = z
  .strictObject({
    type: z
      .string()
      .min(1)
      .optional()
      .describe('Registry provider id, e.g. `openai`; defaults to the entry name.'),
    baseUrl: z.string().min(1).optional().describe('Base URL, e.g. of a local OpenAI-compatible server.'),
    apiKeyEnv: z
      .string()
      .min(1)
      .optional()
      .describe('Environment variable (or secrets-file entry) holding the key; never the key itself.'),
    headers: headersSchema.optional().describe('Extra HTTP headers sent upstream.'),
  })
  .describe('A provider connection.');

const failureKind = z
  .union([z.literal(429), z.enum(['429', '5xx', 'timeout', 'network', 'malformed'])])
  .transform((value) => String(value) as FailureKind)
  .describe('A failure that moves on to the next target: 429, 5xx, timeout, network or malformed.');

export type FailureKind = '429' | '5xx' | 'timeout' | 'network' | 'malformed';

/** How a route orders its targets for a request; each mode is a policy in gateway/policies/. */
export const routeModes = ['fallback', 'loadbalance'] as const;
export type RouteMode = (typeof routeModes)[number];

/** The route policies (gateway/policies/); a route without `policy` takes the one its `mode` names. */
export const routePolicyNames = ['ordered', 'loadbalance', 'cheapest-passing'] as const;
export type RoutePolicyName = (typeof routePolicyNames)[number];

/** How `qualify` decides which targets of a `cheapest-passing` route are good enough (see docs/routing.md). */
const qualifySchema = z
  .strictObject({
    suite: z
      .string()
      .min(1)
      .describe(
        "The suite whose prompts and tests the targets must pass, relative to this file; the suite's models are ignored.",
      ),
    minPassRate: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe("A target qualifies when the lower end of its pass rate's 95% Wilson interval reaches this."),
    reference: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Instead of minPassRate: a target of this route the others are compared with, case by case (paired).',
      ),
    maxDrop: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        'With reference: a target qualifies when the 95% interval of its drop against the reference stays within this (non-inferiority).',
      ),
    repeat: z
      .union([z.int().min(1).max(1000), z.literal('auto')])
      .default(1)
      .describe('Runs of every case per target, as in suites; `auto` repeats only the uncertain cases.'),
  })
  .describe('The suite and the rule by which `yardstick qualify` chooses the cheapest passing target.');

const cascadeSchema = z
  .strictObject({
    assert: z
      .array(assertionSchema)
      .min(1)
      .describe(
        'Deterministic checks of each non-streamed answer; a failing answer goes to the next target in order.',
      ),
  })
  .describe('Escalation: check the answer on the request path and ask the next target when it fails.');

const targetSchema = z.strictObject({
  model: z
    .string()
    .min(1)
    .describe('`provider:model`, the provider being an entry of `providers` or a registry id.'),
  weight: z
    .number()
    .min(0)
    .optional()
    .describe(
      "With `mode: loadbalance`: this target's share of first attempts (default 1); 0 for a standby used only as a fallback.",
    ),
  price: priceSchema.optional(),
});

const routeSchema = z.strictObject({
  mode: z
    .enum(routeModes)
    .default('fallback')
    .describe(
      '`fallback`: every request tries the targets in the order listed, the next only on a `fallbackOn` failure. `loadbalance`: the first attempt goes to a target drawn by weight, the others follow in order as fallbacks.',
    ),
  policy: z
    .enum(routePolicyNames)
    .optional()
    .describe(
      "The route's policy: `ordered` (what `mode: fallback` gives), `loadbalance` (what `mode: loadbalance` gives) or `cheapest-passing` (the order of the route's latest qualification record; needs `qualify`). Defaults to the one `mode` names.",
    ),
  qualify: qualifySchema.optional(),
  cascade: cascadeSchema.optional(),
  targets: z
    .array(targetSchema)
    .min(1)
    .describe('Tried in the order `mode` says; the next on a `fallbackOn` failure.'),
  fallbackOn: z.array(failureKind).default(['429', '5xx', 'timeout', 'network']),
  timeoutMs: z
    .int()
    .min(1)
    .default(60_000)
    .describe('Per-attempt timeout; for a stream, until the first byte.'),
  retries: z.int().min(0).max(10).default(0).describe('Retries of the same target before falling back.'),
  circuitBreaker: z
    .strictObject({
      failures: z
        .int()
        .min(0)
        .default(5)
        .describe(
          'Consecutive upstream failures of a target that open its circuit; 0 turns the breaker off.',
        ),
      coolDownMs: z
        .int()
        .min(1)
        .default(30_000)
        .describe('How long an open circuit skips its target before one trial request may try it.'),
    })
    .prefault({})
    .describe(
      'Skips a target that keeps failing, for a cool-down; each skip is in the trace and in /metrics.',
    ),
  maxOutputTokens: z
    .int()
    .min(1)
    .max(requestLimits.maxTokens)
    .optional()
    .describe(
      'Output tokens asked of the target when the client sets no max_tokens (max_completion_tokens, max_output_tokens); what a key with a budget holds for such a request. Without it, such a request on a key with a budget is refused with 400.',
    ),
  cache: z
    .strictObject({
      ttlSeconds: z.int().min(1).describe('How long a stored answer is served.'),
      shared: z
        .boolean()
        .default(false)
        .describe(
          'Serve an answer stored for one API key to the others too; by default each key has its own answers.',
        ),
    })
    .optional()
    .describe('Exact-match response cache; off unless set.'),
  capture: z.boolean().default(false).describe('Store request and response bodies in traces.'),
  dropUnsupported: z
    .boolean()
    .default(false)
    .describe(
      'Drop the request fields a target cannot take (e.g. `logprobs` to an Anthropic target) instead of answering 400 naming the field; each attempt in the trace lists what it dropped.',
    ),
  monitor: monitorSchema.optional(),
});

const redisUrl = z
  .string()
  .regex(/^rediss?:\/\/\S+$/, 'expected a Redis URL, e.g. redis://127.0.0.1:6379/0')
  .describe('A Redis URL, e.g. `redis://127.0.0.1:6379/0` (`rediss://` for TLS).');

/** Rate limits and budgets counted in Redis, shared by every replica (see docs/gateway.md, Shared limits). */
const limitsSchema = z
  .strictObject({
    redis: redisUrl,
    prefix: z
      .string()
      .min(1)
      .default('yardstick:')
      .describe('Namespace of every Redis key the gateway writes.'),
    timeoutMs: z
      .int()
      .min(1)
      .max(10_000)
      .default(500)
      .describe(
        'The longest a Redis command may take before it counts as Redis being down; long enough that a busy host (event-loop lag) never takes a healthy Redis for a dead one.',
      ),
    holdSeconds: z
      .int()
      .min(1)
      .default(900)
      .describe("How long a request's budget hold lasts if it is never settled (its replica died)."),
    onRedisDown: z
      .strictObject({
        budgets: z
          .enum(['closed', 'open'])
          .default('closed')
          .describe(
            '`closed`: requests of keys with a budget get 503; `open`: served, their cost counted once Redis is back.',
          ),
        rateLimits: z
          .enum(['open', 'closed'])
          .default('open')
          .describe('`open`: requests of keys with rpm/tpm are served unlimited; `closed`: they get 503.'),
      })
      .prefault({}),
  })
  .describe(
    "Count keys' rate limits and budgets in Redis, shared by every gateway replica; in memory without it.",
  );

const cacheStoreSchema = z
  .strictObject({
    store: z
      .enum(['memory', 'redis'])
      .default('memory')
      .describe("Where routes' cached answers live: this process's memory, or Redis, shared by replicas."),
    redis: redisUrl.optional().describe('With `store: redis`: its URL; defaults to `limits.redis`.'),
    prefix: z
      .string()
      .min(1)
      .optional()
      .describe('Namespace of the cache keys; defaults to `limits.prefix`.'),
    maxEntryBytes: z
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024)
      .describe('An answer larger than this (as JSON) is not cached in Redis.'),
  })
  .describe("Where the routes' exact-match caches (`routes.<name>.cache`) keep their answers.");

export const gatewayConfigSchema = z
  .strictObject({
    server: z
      .strictObject({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.int().min(0).max(65_535).default(4141),
        maxBodyBytes: z
          .int()
          .min(1024)
          .default(4 * 1024 * 1024),
        drainTimeoutMs: z
          .int()
          .min(0)
          .max(3_600_000)
          .default(30_000)
          .describe(
            'On SIGTERM, how long requests in flight get to finish before they are cut off (and traced as such).',
          ),
      })
      .prefault({}),
    store: z
      .string()
      .min(1)
      .optional()
      .describe(
        'The store: a file path, sqlite:<path> or postgres://…; defaults to YARDSTICK_STORE, else .yardstick/yardstick.db.',
      ),
    database: z.string().min(1).optional().describe('The older name of `store`: a SQLite file path.'),
    secretsFile: z
      .string()
      .min(1)
      .optional()
      .describe('A file of NAME=value lines read for provider keys, besides the environment.'),
    allowDirect: z
      .boolean()
      .default(false)
      .describe('Let clients ask for `provider:model` directly, not only for route names.'),
    limits: limitsSchema.optional(),
    cache: cacheStoreSchema.prefault({}),
    providers: z.record(z.string().min(1), providerSchema).default({}),
    routes: z.record(z.string().min(1), routeSchema).default({}),
    tracing: z
      .strictObject({
        queueSize: z
          .int()
          .min(1)
          .default(10_000)
          .describe('Traces waiting to be written before new ones are dropped.'),
        spoolDir: z
          .string()
          .min(1)
          .optional()
          .describe(
            'Where traces wait while the store cannot take them (a database outage), written to it in order once it is back; relative to this file. Default: .yardstick/trace-spool.',
          ),
        monitorQueueSize: z
          .int()
          .min(1)
          .default(1_000)
          .describe(
            'Monitor samples waiting to be scored before new ones are dropped (and counted in /metrics).',
          ),
        otlp: z
          .strictObject({
            endpoint: z
              .string()
              .url()
              .describe('OTLP/HTTP traces endpoint, e.g. http://127.0.0.1:4318/v1/traces.'),
            headers: headersSchema.optional().describe('Extra HTTP headers sent to the collector.'),
          })
          .optional(),
      })
      .prefault({}),
  })
  .meta({
    title: 'yardstick gateway',
    description: 'Providers, routes and server settings of `yardstick serve`.',
  });

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
export type RouteConfig = z.output<typeof routeSchema>;
export type QualifyConfig = z.output<typeof qualifySchema>;
export type CascadeConfig = z.output<typeof cascadeSchema>;
export type ProviderConfig = z.output<typeof providerSchema>;
export type LimitsConfig = z.output<typeof limitsSchema>;
export type CacheStoreConfig = z.output<typeof cacheStoreSchema>;
