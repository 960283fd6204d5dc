import { describe, expect, it } from 'vitest';
import type { CallOptions } from '../spec/language-model.js';
import { fitRequest } from './fit-request.js';
import { GatewayError } from './gateway-errors.js';
import type { ResolvedTarget } from './load-gateway-config.js';
import { testRoute } from './test-gateway.js';

const target = (providerType: string, model: string): ResolvedTarget => ({
  name: `${providerType}:${model}`,
  providerType,
  config: { id: `${providerType}:${model}` },
  weight: 1,
});

const openai = target('openai', 'gpt-4o-mini');
const anthropic = target('anthropic', 'claude-haiku-4-5');
const google = target('google', 'gemini-2.5-flash');
const bedrock = target('bedrock', 'anthropic.claude-3-5-haiku');

const body = { model: 'chat', messages: [{ role: 'user', content: 'hi' }], seed: 7, logprobs: true };
const options: CallOptions = {
  messages: [{ role: 'user', content: 'hi' }],
  seed: 7,
  extras: { format: 'openai-chat', fields: { logprobs: true } },
};

const refusal = (run: () => unknown): GatewayError => {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
  }
  throw new Error('no GatewayError');
};

describe('fitting a request to each target of its route', () => {
  it('gives a target of the client’s format the call with its extras, and refuses for another what it cannot take', async () => {
    const error = refusal(() =>
      fitRequest(testRoute({ targets: [openai, anthropic] }), 'openai-chat', body, options),
    );
    expect(error.code).toBe('unsupported_field');
    expect(error.status).toBe(400);
    // the fallback target is checked too, and named
    expect(error.param).toBe('seed');
    expect(error.message).toContain('target anthropic:claude-haiku-4-5 of route "chat"');
  });

  it('on a dropUnsupported route, calls each target with what it can take and traces what was dropped', async () => {
    const route = testRoute({ targets: [openai, anthropic, google], dropUnsupported: true });
    const fitted = fitRequest(route, 'openai-chat', body, options);
    expect(fitted.optionsFor(openai)).toBe(options);
    expect(fitted.optionsFor(anthropic)).toEqual({ messages: options.messages });
    // Google has a seed; the extras are OpenAI's own
    expect(fitted.optionsFor(google)).toEqual({ messages: options.messages, seed: 7 });
    const attempts = fitted.noteDropped([
      { provider: 'openai', model: 'gpt-4o-mini', status: 503, latencyMs: 1, error: 'x' },
      { provider: 'anthropic', model: 'claude-haiku-4-5', status: 200, latencyMs: 1, error: null },
    ]);
    expect(attempts.map((attempt) => attempt.droppedFields)).toEqual([undefined, ['seed', 'logprobs']]);
  });

  it('refuses an option the target’s provider has no place for, though its format column lets it through', async () => {
    const seedOnly = { model: 'chat', messages: [], seed: 7 };
    const seeded: CallOptions = { messages: [], seed: 7 };
    expect(() => fitRequest(testRoute({ targets: [google] }), 'openai-chat', seedOnly, seeded)).not.toThrow();
    expect(
      refusal(() => fitRequest(testRoute({ targets: [bedrock] }), 'openai-chat', seedOnly, seeded)).param,
    ).toBe('seed');
  });
});
