// Checks where `--repeat auto` stops repeating a case.
import { describe, expect, it } from 'vitest';
import { isCaseDecided } from './is-case-decided.js';

describe('isCaseDecided', () => {
  it('needs four agreeing repeats before a steady case is decided', () => {
    expect(isCaseDecided(3, 3)).toBe(false);
    expect(isCaseDecided(4, 4)).toBe(true);
    expect(isCaseDecided(0, 3)).toBe(false);
    expect(isCaseDecided(0, 4)).toBe(true);
  });

  it('keeps sampling a case that passes about half the time', () => {
    expect(isCaseDecided(5, 10)).toBe(false);
    expect(isCaseDecided(6, 10)).toBe(false);
    expect(isCaseDecided(0, 0)).toBe(false);
  });

  it('decides a mostly passing case once there is enough evidence', () => {
    expect(isCaseDecided(4, 5)).toBe(false);
    expect(isCaseDecided(9, 10)).toBe(true);
    expect(isCaseDecided(1, 10)).toBe(true);
  });
});
