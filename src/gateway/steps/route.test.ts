import { describe, expect, it } from 'vitest';
import type { RoutePolicyName } from '../gateway-config.js';
import type { LoadedGatewayConfig, ResolvedRoute, ResolvedTarget } from '../load-gateway-config.js';
import { createRouteQualifications } from '../route-qualifications.js';
import { testQualification, testRoute, testTarget } from '../test-gateway.js';
import { createRouteStep } from './route.js';

const target = (name: string, weight = 1): ResolvedTarget => ({ ...testTarget(name, weight), name });

const route = (policy: RoutePolicyName, targets: ResolvedTarget[]): ResolvedRoute =>
  testRoute({ mode: policy === 'loadbalance' ? 'loadbalance' : 'fallback', policy, targets });

const noRecords = createRouteQualifications({
  loaded: { routes: new Map() } as LoadedGatewayConfig,
  reader: undefined,
  log: () => {},
});

describe('the route step', () => {
  it('orders a fallback route as listed, and draws a loadbalance route’s first target by weight', async () => {
    const draws = [0.9];
    const step = createRouteStep({ random: () => draws.shift() ?? 0.9, qualifications: noRecords });
    const fallback = route('ordered', [target('a'), target('b')]);
    expect(step(fallback).map((picked) => picked.name)).toEqual(['a', 'b']);
    // 0.9 of a total weight of 2 falls on the second target
    const spread = route('loadbalance', [target('a'), target('b')]);
    expect(step(spread).map((picked) => picked.name)).toEqual(['b', 'a']);
  });

  it('keeps one policy per route, made on its first request', async () => {
    const step = createRouteStep({ random: () => 0, qualifications: noRecords });
    const fallback = route('ordered', [target('a'), target('b')]);
    expect(step(fallback)).toBe(step(fallback));
  });

  it('orders a cheapest-passing route by its newest record, and picks up a new record without a new policy', async () => {
    const cheap = route('cheapest-passing', [target('a'), target('b'), target('c')]);
    const records = [testQualification('chat', ['b', 'a', 'c'])];
    const qualifications = createRouteQualifications({
      loaded: { routes: new Map([['chat', cheap]]) } as LoadedGatewayConfig,
      reader: { newestId: async () => records.length, latest: async () => records.slice(-1) },
      log: () => {},
      pollMs: 0,
    });
    await qualifications.ready();
    const step = createRouteStep({ random: () => 0, qualifications });
    expect(step(cheap).map((picked) => picked.name)).toEqual(['b', 'a', 'c']);
    records.push({ ...testQualification('chat', ['a', 'b', 'c']), id: 2 });
    await qualifications.refresh();
    expect(step(cheap).map((picked) => picked.name)).toEqual(['a', 'b', 'c']);
  });
});
