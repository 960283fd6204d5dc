import { describe, expect, it } from 'vitest';
import { YardstickError } from '../../spec/errors.js';
import type { ApiKeyRow, TraceAttempt } from '../../store/contract/gateway-store.js';
import { GatewayError } from '../gateway-errors.js';
import type { ResolvedRoute, ResolvedTarget } from '../load-gateway-config.js';
import { testRoute } from '../test-gateway.js';
import type { Answered } from './answer.js';
import { buildTrace, type TraceParts } from './trace.js';

const key = { id: 'k1', name: 'team-a' } as ApiKeyRow;
const target: ResolvedTarget = {
  name: 'up:gpt-4o-mini',
  providerType: 'openai',
  config: { id: 'openai:gpt-4o-mini' },
  weight: 1,
};
const route = (capture = false): ResolvedRoute =>
  testRoute({ targets: [target], fallbackOn: ['5xx'], timeoutMs: 1000, capture });
const attempt = (status: number): TraceAttempt => ({
  provider: 'openai',
  model: 'gpt-4o-mini',
  status,
  latencyMs: 5,
  error: status === 200 ? null : `E_HTTP_SERVER: HTTP ${status}`,
});
const answered = (overrides: Partial<Answered> = {}): Answered => ({
  status: 200,
  model: 'gpt-4o-mini-2024-07-18',
  usage: { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 200, reasoningTokens: 100 },
  ttftMs: null,
  responseJson: '{"id":"chatcmpl-1"}',
  cacheHit: false,
  attempt: undefined,
  failure: undefined,
  ...overrides,
});

/** The parts of a request that went all the way through. */
const served = (overrides: Partial<TraceParts> = {}): TraceParts => ({
  endpoint: '/v1/chat/completions',
  startedAt: Date.parse('2026-11-23T12:00:00Z'),
  latencyMs: 42,
  id: 'chatcmpl-1',
  key,
  request: { model: 'chat', stream: false },
  body: Buffer.from('{"model":"chat"}'),
  route: route(),
  call: { attempts: [attempt(503), attempt(200)], target, modelId: 'gpt-4o-mini' },
  answer: answered(),
  costUsd: 0.002,
  ...overrides,
});

describe('the trace step', () => {
  it('puts a served request together from its steps: key, route, attempts, usage, cost and latency', async () => {
    expect(buildTrace(served())).toEqual({
      id: 'chatcmpl-1',
      startedAt: '2026-11-23T12:00:00.000Z',
      keyId: 'k1',
      keyName: 'team-a',
      route: 'chat',
      requestedModel: 'chat',
      endpoint: '/v1/chat/completions',
      stream: false,
      status: 200,
      // the provider as gateway.yaml names it
      provider: 'up',
      model: 'gpt-4o-mini-2024-07-18',
      errorCode: null,
      errorMessage: null,
      attempts: [attempt(503), attempt(200)],
      inputTokens: 1000,
      cachedInputTokens: 200,
      outputTokens: 500,
      reasoningTokens: 100,
      costUsd: 0.002,
      ttftMs: null,
      latencyMs: 42,
      cacheHit: false,
      // no bodies unless the route captures them
      requestJson: null,
      responseJson: null,
    });
    expect(buildTrace(served({ route: route(true) }))).toMatchObject({
      requestJson: '{"model":"chat"}',
      responseJson: '{"id":"chatcmpl-1"}',
    });
  });

  it('records what the client got instead of an answer, with the attempts that led to it', async () => {
    const failure = new GatewayError('upstream_error', 'upstream failed: HTTP 503');
    const trace = buildTrace(
      served({
        call: { attempts: [attempt(503)], target, modelId: 'gpt-4o-mini' },
        answer: undefined,
        failure,
      }),
    );
    expect(trace).toMatchObject({
      status: 502,
      errorCode: 'upstream_error',
      errorMessage: 'upstream failed: HTTP 503',
      attempts: [attempt(503)],
      costUsd: null,
      inputTokens: null,
    });
    // refused before any route was found: no route, no attempts
    const refused = buildTrace({
      ...served(),
      route: undefined,
      call: undefined,
      answer: undefined,
      failure,
    });
    expect(refused).toMatchObject({ route: null, attempts: [], provider: null });
  });

  it('keeps a stream’s own attempt, and says 502 with what broke when it broke after it started', async () => {
    const cut = new YardstickError('E_STREAM_CUT', 'the stream ended early');
    const stream = answered({ attempt: attempt(0), failure: cut, ttftMs: 12 });
    const trace = buildTrace(served({ request: { model: 'chat', stream: true }, answer: stream }));
    expect(trace).toMatchObject({ stream: true, status: 502, errorCode: 'E_STREAM_CUT', ttftMs: 12 });
    expect(trace.attempts).toHaveLength(3);
    // the same break because the client left is the client's doing
    expect(buildTrace(served({ answer: stream, clientGone: true }))).toMatchObject({
      status: 499,
      errorCode: 'client_closed_request',
    });
  });

  it('charges nothing for a cached answer, and says so', async () => {
    const trace = buildTrace(served({ call: undefined, answer: answered({ cacheHit: true }) }));
    expect(trace).toMatchObject({
      cacheHit: true,
      costUsd: 0,
      model: 'gpt-4o-mini-2024-07-18',
      inputTokens: 1000,
      outputTokens: 500,
      cachedInputTokens: null,
      attempts: [],
    });
  });

  it('says a request cut off by the shutdown was cut off, whatever else happened', async () => {
    expect(buildTrace(served({ cutOffAfterMs: 30_000 }))).toMatchObject({
      status: 503,
      errorCode: 'shutdown_timeout',
      errorMessage: 'cut off by the shutdown after the 30000 ms drain timeout',
    });
  });
});
