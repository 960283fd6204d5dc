// The UI's HTTP server: the JSON API under /api/ and the built web app, with a strict Content Security Policy.
// `createUiHandler` answers a request in process (what the tests call); `startUiServer` puts it on node:http.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { YardstickError } from '../../spec/errors.js';
import type { StaticAsset } from './static-assets.js';
import { checkAccess, tokenCookieHeader, tokensMatch } from './ui-access.js';
import { answerApi } from './ui-api.js';
import type { UiData } from './ui-data.js';
import { UiRequestError } from './ui-request-error.js';

export interface UiRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface UiResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export interface UiHandlerOptions {
  data: UiData;
  /** Required on every API request when set; see ui-access.ts. */
  token: string | undefined;
  assets: Map<string, StaticAsset>;
  /** Where unexpected failures are reported (never with a secret: only the error's message). */
  log?: (line: string) => void;
}

/** No inline script or style, nothing from elsewhere: a model's answer can never become code in the page. */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const json = (status: number, body: unknown, extra: Record<string, string> = {}): UiResponse => ({
  status,
  headers: {
    ...securityHeaders,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...extra,
  },
  body: JSON.stringify(body),
});

const failure = (error: unknown, log: (line: string) => void): UiResponse => {
  if (error instanceof UiRequestError) {
    return json(error.status, { error: { code: error.code, message: error.message } });
  }
  if (error instanceof YardstickError && error.code === 'E_CONFIG') {
    return json(400, { error: { code: 'bad_request', message: error.message } });
  }
  log(`ui: internal error: ${error instanceof Error ? error.message : String(error)}`);
  return json(500, { error: { code: 'internal', message: 'internal error; the server log says more' } });
};

export const createUiHandler = ({ data, token, assets, log = () => {} }: UiHandlerOptions) =>
  async function handleUiRequest(request: UiRequest): Promise<UiResponse> {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        throw new UiRequestError('method_not_allowed', `${request.method}: this UI only reads; use GET`);
      }
      const url = new URL(request.url, 'http://ui.invalid');
      if (url.pathname.startsWith('/api/')) {
        checkAccess(request, token);
        return json(200, await answerApi(data, url.pathname, url.searchParams));
      }
      const presented = url.searchParams.get('token');
      if (token !== undefined && presented !== null) {
        if (!tokensMatch(presented, token)) throw new UiRequestError('token_required', 'wrong token');
        // keep the token out of the address bar, the history and any Referer: a cookie carries it from now on
        return {
          status: 303,
          headers: { ...securityHeaders, location: url.pathname, 'set-cookie': tokenCookieHeader(token) },
          body: '',
        };
      }
      if (token === undefined) checkAccess(request, token);
      const asset =
        assets.get(url.pathname) ?? (url.pathname.includes('.') ? undefined : assets.get('/index.html'));
      if (!asset) throw new UiRequestError('not_found', `no file ${url.pathname}`);
      return {
        status: 200,
        headers: {
          ...securityHeaders,
          'content-type': asset.contentType,
          'cache-control': asset.cacheControl,
        },
        body: asset.body,
      };
    } catch (error) {
      return failure(error, log);
    }
  };

export interface RunningUiServer {
  url: string;
  close(): Promise<void>;
}

export const startUiServer = (
  handle: ReturnType<typeof createUiHandler>,
  host: string,
  port: number,
): Promise<RunningUiServer> =>
  new Promise((resolve, reject) => {
    const server = createServer((request, response) => {
      void handle({
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        headers: request.headers,
      }).then((answer) => {
        response.writeHead(answer.status, answer.headers);
        response.end(request.method === 'HEAD' ? undefined : answer.body);
      });
    });
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${shownHost}:${address.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
