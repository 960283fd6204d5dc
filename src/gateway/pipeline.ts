// The gateway's request path as named steps, made once per gateway: authenticate → parse → find the route →
// admit → route (the policy's order) → cache → call → answer → trace. serve-chat.ts and serve-embeddings.ts run
// them for one request; gateway.ts runs authenticate and trace around them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Transport } from '../http/transport.js';
import type { GatewayStore } from '../store/contract/gateway-store.js';
import type { ClientLink } from './client-link.js';
import { createExactCache } from './exact-cache.js';
import { type BudgetReservations, createMemoryReservations } from './limits/budget-reservations.js';
import { createMemoryKeyLimits } from './limits/key-limits.js';
import { createMemoryRateLimits } from './limits/rate-limits.js';
import type { LoadedGatewayConfig } from './load-gateway-config.js';
import { createCircuitBreakers } from './policies/circuit-breaker.js';
import { setUpRedis } from './redis-setup.js';
import { createResponseItems } from './response-items.js';
import { createRouteQualifications, type QualificationReader } from './route-qualifications.js';
import { createAdmit } from './steps/admit.js';
import { createAuthenticate } from './steps/authenticate.js';
import { type CacheStep, createCacheStep, createSharedCacheStep } from './steps/cache.js';
import { type CallDeps, sleepUnlessGone } from './steps/call.js';
import { createFindRoute } from './steps/find-route.js';
import { createRouteStep } from './steps/route.js';
import { createTargetModels } from './target-models.js';

/** One request on its way through the steps. */
export interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
  client: ClientLink;
}

export interface PipelineOptions {
  loaded: LoadedGatewayConfig;
  store: GatewayStore;
  /** Provider keys: the environment, with the secrets file's entries. */
  env: Record<string, string | undefined>;
  transport?: Transport;
  /** Draws the first target on loadbalance routes, and the backoff's jitter; injectable for tests. */
  random?: () => number;
  /** The clock and the wait between retries; injectable for tests. */
  now?: () => number;
  sleep?: CallDeps['sleep'];
  /** Wall-clock milliseconds, for circuits' cool-downs; injectable for tests. */
  clock?: () => number;
  /** Where budgets hold requests' costs; this process's memory unless given (e.g. one shared by replicas). */
  reservations?: BudgetReservations;
  /** Where cheapest-passing routes read their qualification records; without it they are unqualified. */
  qualifications?: QualificationReader;
  /** How often those records are polled (default 2 s). */
  qualificationPollMs?: number;
  log?: (line: string) => void;
}

export const createPipeline = (options: PipelineOptions) => {
  const { loaded, store } = options;
  const random = options.random ?? Math.random;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const qualifications = createRouteQualifications({
    loaded,
    reader: options.qualifications,
    log,
    ...(options.qualificationPollMs === undefined ? {} : { pollMs: options.qualificationPollMs }),
  });
  // limits and the cache shared by replicas through Redis when gateway.yaml says so; else in this process
  const redis = setUpRedis(loaded, store, log);
  const limits =
    redis.limits ??
    createMemoryKeyLimits(createMemoryRateLimits(), options.reservations ?? createMemoryReservations(store));
  const cache: CacheStep = redis.cache
    ? createSharedCacheStep(redis.cache)
    : createCacheStep(createExactCache());
  return {
    bodyLimit: loaded.config.server.maxBodyBytes,
    authenticate: createAuthenticate(store),
    routes: createFindRoute(loaded),
    admission: createAdmit(limits),
    redis,
    qualifications,
    route: createRouteStep({ random, qualifications }),
    cache,
    responseItems: createResponseItems(),
    models: createTargetModels(options.env, options.transport),
    callDeps: {
      random,
      now: options.now ?? (() => performance.now()),
      sleep: options.sleep ?? sleepUnlessGone,
      breakers: createCircuitBreakers(options.clock),
    } satisfies CallDeps,
  };
};

export type Pipeline = ReturnType<typeof createPipeline>;
