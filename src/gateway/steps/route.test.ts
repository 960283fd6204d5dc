import { describe, expect, it } from 'vitest';
import type { RouteMode } from '../gateway-config.js';
import type { ResolvedRoute, ResolvedTarget } from '../load-gateway-config.js';
import { testRoute, testTarget } from '../test-gateway.js';
import { createRouteStep } from './route.js';

const target = (name: string, weight = 1): ResolvedTarget => ({ ...testTarget(name, weight), name });

const route = (mode: RouteMode, targets: ResolvedTarget[]): ResolvedRoute => testRoute({ mode, targets });

describe('the route step', () => {
  it('orders a fallback route as listed, and draws a loadbalance route’s first target by weight', () => {
    const draws = [0.9];
    const step = createRouteStep({ random: () => draws.shift() ?? 0.9 });
    const fallback = route('fallback', [target('a'), target('b')]);
    expect(step(fallback).map((picked) => picked.name)).toEqual(['a', 'b']);
    // 0.9 of a total weight of 2 falls on the second target
    const spread = route('loadbalance', [target('a'), target('b')]);
    expect(step(spread).map((picked) => picked.name)).toEqual(['b', 'a']);
  });

  it('keeps one policy per route, made on its first request', () => {
    const step = createRouteStep({ random: () => 0 });
    const fallback = route('fallback', [target('a'), target('b')]);
    expect(step(fallback)).toBe(step(fallback));
  });
});
