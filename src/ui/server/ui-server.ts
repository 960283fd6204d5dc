// The UI's HTTP server: the JSON API under /api/ and the built web app, with a strict Content Security Policy.
// `createUiHandler` answers a request in process (what the tests call); `startUiServer` puts it on node:http.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { YardstickError } from '../../spec/errors.js';
import type { StaticAsset } from './static-assets.js';
import { checkAccess, tokenCookieHeader, tokensMatch } from './ui-access.js';
import { answerApi, takesPost } from './ui-api.js';
import type { UiContext } from './ui-context.js';
import type { UiData } from './ui-data.js';
import { UiRequestError } from './ui-request-error.js';

export interface UiRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body of a POST, as text. */
  body?: string;
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
  /** The gateway config and capture folder `yardstick ui` was given. */
  context?: UiContext;
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

const headerOf = (request: UiRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * A write must come from the UI's own page: JSON (which a form on another site cannot send without a preflight
 * this server never grants) and, when the browser says where it comes from, from this very origin.
 */
const checkSameOrigin = (request: UiRequest): void => {
  const type = headerOf(request, 'content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type))
    throw new UiRequestError(
      'unsupported_media_type',
      'send the body as JSON (content-type: application/json)',
    );
  const origin = headerOf(request, 'origin');
  const host = headerOf(request, 'host');
  const site = headerOf(request, 'sec-fetch-site');
  let sameOrigin = origin === undefined;
  try {
    if (origin !== undefined) sameOrigin = new URL(origin).host === host;
  } catch {
    sameOrigin = false;
  }
  if (!sameOrigin || (site !== undefined && site !== 'same-origin' && site !== 'none'))
    throw new UiRequestError('host_not_allowed', "writes are accepted only from the UI's own page");
};

export const createUiHandler = ({ data, token, assets, context = {}, log = () => {} }: UiHandlerOptions) =>
  async function handleUiRequest(request: UiRequest): Promise<UiResponse> {
    try {
      const url = new URL(request.url, 'http://ui.invalid');
      const isApi = url.pathname.startsWith('/api/');
      const reads = request.method === 'GET' || request.method === 'HEAD';
      if (!reads && !(isApi && request.method === 'POST' && takesPost(url.pathname))) {
        throw new UiRequestError('method_not_allowed', `${request.method}: this UI only reads; use GET`);
      }
      if (isApi) {
        checkAccess(request, token);
        if (!reads) checkSameOrigin(request);
        const call = {
          method: request.method,
          pathname: url.pathname,
          query: url.searchParams,
          body: request.body ?? '',
          context,
        };
        return json(200, await answerApi(data, call));
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

/** A capture request is a file name and a few checks: anything larger is not one. */
const maxBodyBytes = 64 * 1024;

export const startUiServer = (
  handle: ReturnType<typeof createUiHandler>,
  host: string,
  port: number,
): Promise<RunningUiServer> =>
  new Promise((resolve, reject) => {
    const server = createServer((request, response) => {
      const answer = (reply: UiResponse): void => {
        response.writeHead(reply.status, reply.headers);
        response.end(request.method === 'HEAD' ? undefined : reply.body);
      };
      const chunks: Buffer[] = [];
      let size = 0;
      let refused = false;
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes && !refused) {
          refused = true;
          const error = new UiRequestError('payload_too_large', `the body is over ${maxBodyBytes} bytes`);
          answer(json(error.status, { error: { code: error.code, message: error.message } }));
          request.destroy();
        }
        if (!refused) chunks.push(chunk);
      });
      request.on('end', () => {
        if (refused) return;
        void handle({
          method: request.method ?? 'GET',
          url: request.url ?? '/',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }).then(answer);
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
