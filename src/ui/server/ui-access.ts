// Who may read the UI. On loopback without a token: only requests addressed to a loopback name (a page elsewhere
// that rebinds its DNS to 127.0.0.1 is refused). Any other host needs a token, checked on every API request from
// the Authorization header or the cookie a first visit with `?token=` sets, compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import { YardstickError } from '../../spec/errors.js';
import { UiRequestError } from './ui-request-error.js';

export const tokenCookie = 'yardstick_ui_token';

export const isLoopbackHost = (host: string): boolean => {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
};

/**
 * The token the server will require, from `--token` or YARDSTICK_UI_TOKEN; binding beyond loopback without one
 * is refused, since anyone who can reach the port could read every run and trace.
 * @throws YardstickError E_CONFIG
 */
export const requiredToken = (host: string, token: string | undefined): string | undefined => {
  const given = token === undefined || token === '' ? undefined : token;
  if (given !== undefined && given.length < 16) {
    throw new YardstickError(
      'E_CONFIG',
      '--token must be at least 16 characters; e.g. `openssl rand -hex 24`',
    );
  }
  if (given === undefined && !isLoopbackHost(host)) {
    throw new YardstickError(
      'E_CONFIG',
      `--host ${host} would serve the UI beyond this machine: set --token (or YARDSTICK_UI_TOKEN) so that only people with it can read the runs and traces`,
    );
  }
  return given;
};

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
export const tokensMatch = (presented: string | undefined, expected: string): boolean =>
  presented !== undefined && timingSafeEqual(digest(presented), digest(expected));

const cookieValue = (cookieHeader: string | undefined, name: string): string | undefined => {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
};

export interface AccessRequest {
  headers: Record<string, string | string[] | undefined>;
}

const header = (request: AccessRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The token a request presents: `Authorization: Bearer <token>`, else the cookie. */
export const presentedToken = (request: AccessRequest): string | undefined => {
  const authorization = header(request, 'authorization');
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  return bearer ?? cookieValue(header(request, 'cookie'), tokenCookie);
};

/** @throws UiRequestError when the request may not read the API. */
export const checkAccess = (request: AccessRequest, token: string | undefined): void => {
  if (token === undefined) {
    const hostHeader = header(request, 'host') ?? '';
    const hostname = hostHeader.replace(/:\d+$/, '');
    if (!isLoopbackHost(hostname)) {
      throw new UiRequestError(
        'host_not_allowed',
        `this UI answers only requests addressed to 127.0.0.1 or localhost, not "${hostHeader.slice(0, 100)}"`,
      );
    }
    return;
  }
  if (!tokensMatch(presentedToken(request), token)) {
    throw new UiRequestError(
      'token_required',
      'this UI needs its token: open it once as /?token=<token>, or send Authorization: Bearer <token>',
    );
  }
};

/** The Set-Cookie value that keeps the token for the API calls of the page (never readable by scripts). */
export const tokenCookieHeader = (token: string): string =>
  `${tokenCookie}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
