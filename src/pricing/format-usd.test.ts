import { describe, expect, it } from 'vitest';
import { formatUsd } from './format-usd.js';

describe('formatUsd', () => {
  it('shows a cent or more to the cent', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(5)).toBe('$5.00');
    expect(formatUsd(0.42)).toBe('$0.42');
    expect(formatUsd(1234.567)).toBe('$1234.57');
  });

  it('shows less than a cent with two significant digits, never in exponent notation', () => {
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(0.0004)).toBe('$0.0004');
    expect(formatUsd(2e-8)).toBe('$0.00000002');
    expect(formatUsd(1.23456e-7)).toBe('$0.00000012');
    expect(formatUsd(0.00999)).toBe('$0.01');
    expect(formatUsd(-0.003)).toBe('-$0.003');
  });
});
