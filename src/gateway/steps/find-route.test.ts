import { describe, expect, it } from 'vitest';
import type { ApiKeyRow } from '../../store/contract/gateway-store.js';
import { gatewayConfigSchema } from '../gateway-config.js';
import { GatewayError } from '../gateway-errors.js';
import type { LoadedGatewayConfig, ResolvedRoute } from '../load-gateway-config.js';
import { testRoute } from '../test-gateway.js';
import { createFindRoute } from './find-route.js';

const key = (routes: string[] | null): ApiKeyRow => ({
  id: 'k1',
  name: 'team-a',
  secretSha256: '0'.repeat(64),
  createdAt: '2026-11-01T00:00:00.000Z',
  expiresAt: null,
  revokedAt: null,
  budgetUsd: null,
  budgetPeriod: null,
  rpm: null,
  tpm: null,
  routes,
});

const loaded = (allowDirect: boolean): LoadedGatewayConfig => {
  const config = gatewayConfigSchema.parse({ allowDirect });
  const route = (name: string): ResolvedRoute => testRoute({ name, timeoutMs: 1000 });
  return {
    file: undefined,
    config,
    routes: new Map([
      ['chat', route('chat')],
      ['secret', route('secret')],
    ]),
  };
};

const refusal = (run: () => unknown): GatewayError => {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('the find-route step', () => {
  it('finds a route the key may use, and refuses one it may not with 403 listing what it may', async () => {
    const routes = createFindRoute(loaded(false));
    expect(routes.find('chat', key(null)).name).toBe('chat');
    const forbidden = refusal(() => routes.find('secret', key(['chat'])));
    expect([forbidden.status, forbidden.code, forbidden.param]).toEqual([403, 'route_not_allowed', 'model']);
    expect(forbidden.message).toContain('it may use: chat');
    expect(routes.allowed(key(['chat']))).toEqual(['chat']);
  });

  it('answers an unknown name with 404 listing the routes, and provider:model only when allowed', async () => {
    const closed = createFindRoute(loaded(false));
    const unknown = refusal(() => closed.find('chta', key(null)));
    expect([unknown.status, unknown.code]).toEqual([404, 'model_not_found']);
    expect(unknown.message).toBe('unknown model "chta"; this key may use: chat, secret');
    expect(refusal(() => closed.find('openai:gpt-4o', key(null))).code).toBe('model_not_found');
    const open = createFindRoute(loaded(true));
    const direct = open.find('openai:gpt-4o', key(null));
    expect(direct.targets.map((target) => target.config.id)).toEqual(['openai:gpt-4o']);
    // the same route each time, so what the gateway learns about its target (its circuit) is kept
    expect(open.find('openai:gpt-4o', key(null))).toBe(direct);
    expect(refusal(() => open.find('nope:model', key(null))).message).toMatch(/unknown provider "nope"/);
  });
});
