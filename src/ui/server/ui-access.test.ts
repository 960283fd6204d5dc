// The UI's access rules: the host rule (beyond loopback only with a token), the token on every API request, and
// the Host check that keeps a DNS-rebinding page from reading a token-less UI on 127.0.0.1.
import { describe, expect, it } from 'vitest';
import { YardstickError } from '../../spec/errors.js';
import {
  checkAccess,
  isLoopbackHost,
  presentedToken,
  requiredToken,
  tokenCookieHeader,
  tokensMatch,
} from './ui-access.js';
import { UiRequestError } from './ui-request-error.js';

const token = 'a-long-enough-token-0123456789';

const refusal = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('the host rule', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])('serves %s without a token', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
    expect(requiredToken(host, undefined)).toBeUndefined();
  });

  it.each([
    '0.0.0.0',
    '::',
    '192.168.1.10',
    'example.com',
    '127.0.0.1.example.com',
  ])('refuses to start on %s without a token, saying how to set one', (host) => {
    const error = refusal(() => requiredToken(host, undefined));
    expect(error).toBeInstanceOf(YardstickError);
    expect((error as YardstickError).code).toBe('E_CONFIG');
    expect((error as Error).message).toContain('--token (or YARDSTICK_UI_TOKEN)');
    expect(requiredToken(host, token)).toBe(token);
    // an empty variable is no token
    expect(refusal(() => requiredToken(host, ''))).toBeInstanceOf(YardstickError);
  });

  it('refuses a token too short to resist guessing', () => {
    expect((refusal(() => requiredToken('0.0.0.0', 'short')) as Error).message).toContain('at least 16');
  });
});

describe('the token', () => {
  it('matches only the exact token, whatever the lengths', () => {
    expect(tokensMatch(token, token)).toBe(true);
    expect(tokensMatch(`${token}x`, token)).toBe(false);
    expect(tokensMatch(token.slice(0, -1), token)).toBe(false);
    expect(tokensMatch('', token)).toBe(false);
    expect(tokensMatch(undefined, token)).toBe(false);
  });

  it('is read from the Authorization header or the cookie the first visit set', () => {
    expect(presentedToken({ headers: { authorization: `Bearer ${token}` } })).toBe(token);
    const cookie = tokenCookieHeader('tok;en=with%odd chars').split(';')[0];
    expect(presentedToken({ headers: { cookie: `theme=dark; ${cookie}` } })).toBe('tok;en=with%odd chars');
    expect(presentedToken({ headers: { cookie: 'yardstick_ui_token=%E0%A4%A' } })).toBeUndefined();
    expect(tokenCookieHeader(token)).toMatch(/HttpOnly; SameSite=Strict; Path=\/$/);
  });

  it('is required on every API request when set, from any host', () => {
    const denied = refusal(() => checkAccess({ headers: { host: '10.0.0.5:4242' } }, token));
    expect(denied).toBeInstanceOf(UiRequestError);
    expect((denied as UiRequestError).status).toBe(401);
    expect(
      refusal(() => checkAccess({ headers: { host: '10.0.0.5:4242', authorization: 'Bearer nope' } }, token)),
    ).toBeInstanceOf(UiRequestError);
    expect(
      refusal(() =>
        checkAccess({ headers: { host: '10.0.0.5:4242', authorization: `Bearer ${token}` } }, token),
      ),
    ).toBeUndefined();
  });

  it('without a token, answers only requests addressed to a loopback name (no DNS rebinding)', () => {
    expect(refusal(() => checkAccess({ headers: { host: '127.0.0.1:4242' } }, undefined))).toBeUndefined();
    expect(refusal(() => checkAccess({ headers: { host: 'localhost:4242' } }, undefined))).toBeUndefined();
    expect(refusal(() => checkAccess({ headers: { host: '[::1]:4242' } }, undefined))).toBeUndefined();
    const rebound = refusal(() => checkAccess({ headers: { host: 'attacker.example:4242' } }, undefined));
    expect((rebound as UiRequestError).status).toBe(403);
    expect(refusal(() => checkAccess({ headers: {} }, undefined))).toBeInstanceOf(UiRequestError);
  });
});
