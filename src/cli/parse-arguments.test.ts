import { describe, expect, it } from 'vitest';
import { parseMoment } from './parse-arguments.js';

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
