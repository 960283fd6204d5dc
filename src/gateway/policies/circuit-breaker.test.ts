import { describe, expect, it } from 'vitest';
import { testTarget } from '../test-gateway.js';
import { createCircuitBreakers } from './circuit-breaker.js';

const settings = { failures: 3, coolDownMs: 30_000 };

describe('the circuit breaker', () => {
  it('opens after the configured consecutive failures and skips the target until the cool-down ends', async () => {
    let now = Date.parse('2026-11-23T12:00:00Z');
    const breakers = createCircuitBreakers(() => now);
    const target = testTarget('a');
    expect(breakers.failed(target, settings)).toBe(false);
    expect(breakers.failed(target, settings)).toBe(false);
    expect(breakers.check(target, settings)).toEqual({ skip: false });
    expect(breakers.failed(target, settings)).toBe(true);
    expect(breakers.check(target, settings)).toEqual({
      skip: true,
      until: now + 30_000,
      reason: 'skipped: circuit open until 2026-11-23T12:00:30.000Z after 3 consecutive failures',
    });
    expect(breakers.metrics()).toEqual({ open: 1, skips: 1 });
    // another target, or the same model on another route, has its own circuit
    expect(breakers.check(testTarget('a'), settings).skip).toBe(false);
    now += 30_000;
    // the cool-down is over: one trial request, and only one, while it is on its way
    expect(breakers.check(target, settings)).toEqual({ skip: false });
    expect(breakers.check(target, settings)).toMatchObject({
      skip: true,
      reason: expect.stringMatching(/trial/),
    });
    breakers.succeeded(target);
    expect(breakers.check(target, settings)).toEqual({ skip: false });
    expect(breakers.metrics()).toEqual({ open: 0, skips: 2 });
  });

  it('opens again for a whole cool-down when the trial request fails', async () => {
    let now = 0;
    const breakers = createCircuitBreakers(() => now);
    const target = testTarget('a');
    for (let index = 0; index < 3; index += 1) breakers.failed(target, settings);
    now = 30_000;
    expect(breakers.check(target, settings).skip).toBe(false);
    expect(breakers.failed(target, settings)).toBe(true);
    expect(breakers.check(target, settings)).toMatchObject({ skip: true, until: 60_000 });
  });

  it('counts only consecutive failures: a success in between starts again', async () => {
    const breakers = createCircuitBreakers(() => 0);
    const target = testTarget('a');
    breakers.failed(target, settings);
    breakers.failed(target, settings);
    breakers.succeeded(target);
    breakers.failed(target, settings);
    breakers.failed(target, settings);
    expect(breakers.check(target, settings).skip).toBe(false);
  });

  it('lets a trial the client abandoned be made again by the next request', async () => {
    let now = 0;
    const breakers = createCircuitBreakers(() => now);
    const target = testTarget('a');
    for (let index = 0; index < 3; index += 1) breakers.failed(target, settings);
    now = 30_000;
    expect(breakers.check(target, settings).skip).toBe(false);
    breakers.abandoned(target);
    expect(breakers.check(target, settings).skip).toBe(false);
  });

  it('never opens with failures: 0', async () => {
    const breakers = createCircuitBreakers(() => 0);
    const off = { failures: 0, coolDownMs: 30_000 };
    const target = testTarget('a');
    for (let index = 0; index < 100; index += 1) expect(breakers.failed(target, off)).toBe(false);
    expect(breakers.check(target, off).skip).toBe(false);
  });
});
