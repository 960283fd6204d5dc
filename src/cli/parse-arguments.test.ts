import { describe, expect, it } from 'vitest';
import { parseCount, parseMoment } from './parse-arguments.js';

describe('parseMoment', () => {
  const now = Date.parse('2026-11-01T00:00:00Z');

  it('reads a duration forward (an expiry) or back (a since), or a date', () => {
    expect(parseMoment('30d', '--expires', 1, 'x', now)).toBe('2026-12-01T00:00:00.000Z');
    expect(parseMoment('90m', '--since', -1, 'x', now)).toBe('2026-10-31T22:30:00.000Z');
    expect(parseMoment('2027-01-01', '--expires', 1, 'x', now)).toBe('2027-01-01T00:00:00.000Z');
  });

  it('names the option and what it takes when the text is neither', () => {
    expect(() => parseMoment('soon', '--since', -1, '30m, 1h, 7d or a date', now)).toThrow(
      '--since takes 30m, 1h, 7d or a date; got "soon"',
    );
  });
});

describe('parseCount', () => {
  it('takes a whole number within its bounds and names the bounds otherwise', () => {
    expect(parseCount('1000', '--concurrency', 1, 1000)).toBe(1000);
    expect(parseCount(undefined, '--concurrency', 1, 1000)).toBeUndefined();
    expect(() => parseCount('10000000', '--concurrency', 1, 1000)).toThrow(
      '--concurrency takes a whole number from 1 to 1000, got "10000000"',
    );
    expect(() => parseCount('0', '--repeat')).toThrow('--repeat takes a whole number of at least 1, got "0"');
  });
});
