import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excerpt, redactedExcerpt, redactSecrets } from './redact-secrets.js';

const key = 'sk-proj-4fQ9xLm2ZtR7vB1nK8wE3yH6jD0cA5sU';

/** Every run of 8 characters of `secret` that `text` still shows. */
const leaks = (text: string, secret: string): string[] => {
  const found: string[] = [];
  for (let at = 0; at + 8 <= secret.length; at++) {
    const piece = secret.slice(at, at + 8);
    if (text.includes(piece)) found.push(piece);
  }
  return found;
};

describe('redactSecrets', () => {
  it('replaces the whole key, and the key after Bearer', () => {
    expect(redactSecrets(`bad key ${key}.`, [key])).toBe('bad key [redacted].');
    expect(redactSecrets(`got "Authorization: Bearer ${key}"`, [`Bearer ${key}`, key])).toBe(
      'got "Authorization: [redacted]"',
    );
  });

  it('replaces a prefix of 8 or more characters, as a provider echoes or an excerpt cuts it', () => {
    expect(redactSecrets(`Incorrect API key provided: ${key.slice(0, 12)}…`, [key])).toBe(
      'Incorrect API key provided: [redacted]…',
    );
    expect(redactSecrets(`ends with ${key.slice(-9)}`, [key])).toBe('ends with [redacted]');
    // seven characters are not a leak worth hiding: too short to guess the rest from
    expect(redactSecrets(`starts ${key.slice(0, 7)} here`, [key])).toBe(`starts ${key.slice(0, 7)} here`);
  });

  it('merges overlapping and adjacent fragments into one mark, keeping the text around them', () => {
    expect(redactSecrets(`a ${key}${key} b ${key.slice(5, 20)} c`, [key])).toBe(
      'a [redacted] b [redacted] c',
    );
  });

  it('redacts short secrets (6 or 7 characters) only whole', () => {
    expect(redactSecrets('pw=hunter2 and hunter', ['hunter2'])).toBe('pw=[redacted] and hunter');
    expect(redactSecrets('abc', ['abc'])).toBe('abc');
  });

  it('leaves text without secrets untouched', () => {
    expect(redactSecrets('nothing to see', [key, 'Bearer x'])).toBe('nothing to see');
    expect(redactSecrets('', [key])).toBe('');
  });
});

describe('redactedExcerpt', () => {
  it('redacts before it cuts: a key echoed after 250 characters leaves nothing at the edge (issue 8 row 2)', () => {
    const body = `${'E'.repeat(250)} key=${key}`;
    const cut = redactedExcerpt(body, [key], 300);
    expect(leaks(cut, key)).toEqual([]);
    expect(cut).toBe(`${'E'.repeat(250)} key=[redacted]`);
    // what cutting first and redacting after gave: 45 of the key's characters
    expect(leaks(excerpt(body, 300), key).length).toBeGreaterThan(0);
  });

  it('never shows 8 characters of the key wherever it sits in a long body', () => {
    const filler = 'x'.repeat(900);
    for (let offset = 0; offset <= filler.length; offset++) {
      const body = `${filler.slice(0, offset)}${key}${filler.slice(offset)}`;
      for (const length of [200, 300]) expect(leaks(redactedExcerpt(body, [key], length), key)).toEqual([]);
    }
  });

  it('holds for random keys at random offsets of random text, whole or cut short (property)', () => {
    const keyCharacters = fc.constantFrom(
      ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'.split(''),
    );
    fc.assert(
      fc.property(
        fc.string({ unit: keyCharacters, minLength: 20, maxLength: 64 }),
        fc.string({ unit: 'binary', maxLength: 700 }),
        fc.string({ unit: 'grapheme', maxLength: 700 }),
        fc.integer({ min: 8, max: 64 }),
        fc.integer({ min: 1, max: 400 }),
        (secret, before, after, shown, length) => {
          const body = `${before}${secret.slice(0, shown)}${after}${secret}`;
          const output = redactedExcerpt(body, [`Bearer ${secret}`, secret], length);
          expect(leaks(output, secret)).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
