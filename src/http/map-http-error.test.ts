import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapFetchError, mapHttpStatusError } from './map-http-error.js';

const keyCharacters = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'.split(''),
);

/** Every run of 8 characters of `secret` found in the error's message or body. */
const leaks = (error: { message: string; body?: string | undefined }, secret: string): string[] => {
  const shown = `${error.message}\n${error.body ?? ''}`;
  const found: string[] = [];
  for (let at = 0; at + 8 <= secret.length; at++) {
    if (shown.includes(secret.slice(at, at + 8))) found.push(secret.slice(at, at + 8));
  }
  return found;
};

const noHeaders = { get: () => null };

/** The secrets `sendPost` hands over for `Authorization: Bearer <key>`. */
const secretsFor = (key: string) => [`Bearer ${key}`, key];

const bodyShapes = {
  plain: (text: string) => text,
  openai: (text: string) => JSON.stringify({ error: { message: text, type: 'invalid_request_error' } }),
  anthropic: (text: string) =>
    JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: text } }),
  ollama: (text: string) => JSON.stringify({ error: text }),
  // JSON the message extraction does not recognise: the raw body is excerpted instead
  unknown: (text: string) => JSON.stringify({ problem: { text } }),
};

describe('mapHttpStatusError', () => {
  it('shows nothing of a key echoed after 250 characters of a text/plain 401 (issue 8 row 2)', () => {
    const key = 'sk-live-0123456789abcdefghijklmnopqrstuvwxyzABCD';
    const error = mapHttpStatusError({
      status: 401,
      headers: noHeaders,
      rawText: `${'E'.repeat(250)} key=${key}`,
      url: 'https://api.example.com/v1/chat/completions',
      secrets: secretsFor(key),
    });
    expect(error.code).toBe('E_HTTP_AUTH');
    expect(leaks(error, key)).toEqual([]);
    expect(error.message).toContain('key=[redacted]');
  });

  it('cuts a long provider message too, after redacting it', () => {
    const key = 'sk-abcdefghijklmnopqrstuvwx';
    const error = mapHttpStatusError({
      status: 400,
      headers: noHeaders,
      rawText: bodyShapes.openai(`${'m'.repeat(5000)}${key}`),
      url: 'https://api.example.com/v1',
      secrets: secretsFor(key),
    });
    expect(error.message.length).toBeLessThan(400);
    expect(leaks(error, key)).toEqual([]);
  });

  it('never shows 8 characters of a random key at any offset of a long body, in any shape (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: keyCharacters, minLength: 20, maxLength: 64 }),
        fc.string({ unit: 'grapheme', maxLength: 1200 }),
        fc.string({ unit: 'binary-ascii', maxLength: 400 }),
        fc.nat(1600),
        fc.integer({ min: 8, max: 64 }),
        fc.constantFrom(...(Object.keys(bodyShapes) as Array<keyof typeof bodyShapes>)),
        fc.constantFrom(401, 403, 429, 500, 400),
        (key, text, tail, offset, shown, shape, status) => {
          const at = Math.min(offset, text.length);
          // the key whole at the offset, and a part of it (at least 8 characters) at the end, as echoes go
          const echoed = `${text.slice(0, at)}${key}${text.slice(at)}${tail}${key.slice(0, shown)}`;
          const error = mapHttpStatusError({
            status,
            headers: noHeaders,
            rawText: bodyShapes[shape](echoed),
            url: 'https://api.example.com/v1/chat/completions',
            secrets: secretsFor(key),
          });
          expect(leaks(error, key)).toEqual([]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('holds at every offset of a 600-character body, plain and JSON', () => {
    const key = 'sk-Zm9vYmFyYmF6cXV4cXV1eA-tail_48chars-abcdefghij';
    const text = 'upstream said: '.padEnd(600, 'z');
    for (let at = 0; at <= text.length; at++) {
      for (const shape of Object.values(bodyShapes)) {
        const rawText = shape(`${text.slice(0, at)}${key}${text.slice(at)}`);
        const error = mapHttpStatusError({
          status: 401,
          headers: noHeaders,
          rawText,
          url: 'http://x',
          secrets: [key],
        });
        expect(leaks(error, key)).toEqual([]);
      }
    }
  });
});

describe('mapFetchError', () => {
  it('keeps secrets out of the reason of a network error', () => {
    const key = 'sk-network-secret-0123456789';
    const error = mapFetchError(new Error(`socket hang up while sending ${key}`), {
      url: 'http://127.0.0.1:9/v1',
      secrets: [key],
    });
    expect(error.code).toBe('E_NETWORK');
    expect(error.message).not.toContain(key.slice(0, 8));
  });
});
