// Which endpoint a request is for, from its method and path, and the error shape its client reads: Anthropic's
// on the Anthropic paths (`/v1/messages*`, `/v1/complete*`), even misspelt or with the wrong method; OpenAI's
// everywhere else. A wrong method is a 405 naming the allowed one; an unknown path a 404.
import { anthropicMessagesWire } from './wire/anthropic-messages-wire.js';
import { openaiChatWire } from './wire/openai-chat-wire.js';
import { openaiEmbeddingsWire } from './wire/openai-embeddings-wire.js';
import { openaiResponsesWire } from './wire/openai-responses-wire.js';
import type { WireProtocol } from './wire/wire-protocol.js';

/** How an endpoint's errors are written, and the id a failed request is traced under. */
export type ErrorFormat = Pick<WireProtocol, 'errorBody' | 'newId'>;

export type Served =
  | { kind: 'wire'; wire: WireProtocol }
  | { kind: 'models' }
  | { kind: 'health' }
  | { kind: 'ready' }
  | { kind: 'metrics' };

export type Endpoint =
  | (Served & { errors: ErrorFormat })
  | {
      kind: 'refused';
      status: 404 | 405;
      code: 'unknown_endpoint' | 'method_not_allowed';
      message: string;
      allow?: string;
      errors: ErrorFormat;
    };

// The endpoint table: a new wire format is one row here (and its file under wire/).
const served: Record<string, { method: 'GET' | 'POST'; endpoint: Served }> = {
  '/v1/chat/completions': { method: 'POST', endpoint: { kind: 'wire', wire: openaiChatWire } },
  '/v1/responses': { method: 'POST', endpoint: { kind: 'wire', wire: openaiResponsesWire } },
  '/v1/messages': { method: 'POST', endpoint: { kind: 'wire', wire: anthropicMessagesWire } },
  '/v1/embeddings': { method: 'POST', endpoint: { kind: 'wire', wire: openaiEmbeddingsWire } },
  '/v1/models': { method: 'GET', endpoint: { kind: 'models' } },
  '/healthz': { method: 'GET', endpoint: { kind: 'health' } },
  '/readyz': { method: 'GET', endpoint: { kind: 'ready' } },
  '/metrics': { method: 'GET', endpoint: { kind: 'metrics' } },
};

const anthropicPath = /^\/v1\/(messages|complete)/;

/** The path as a client meant it: percent-decoded (when it decodes) and without a trailing slash. */
const normalized = (path: string): string => {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // not valid percent-encoding: keep it as sent
  }
  return decoded.length > 1 ? decoded.replace(/\/+$/, '') : decoded;
};

/** Whether a client on this path reads Anthropic's error shape (also misspelt: a trailing slash, `%2F`). */
export const isAnthropicPath = (path: string): boolean => anthropicPath.test(normalized(path));

// what a served path resolves to, made once: the request path allocates nothing for it
const endpoints = new Map<string, Endpoint>(
  Object.entries(served).map(([path, { endpoint }]): [string, Endpoint] => [
    path,
    {
      ...endpoint,
      errors:
        endpoint.kind === 'wire'
          ? endpoint.wire
          : anthropicPath.test(path)
            ? anthropicMessagesWire
            : openaiChatWire,
    },
  ]),
);

const servedList =
  'POST /v1/chat/completions, POST /v1/responses, POST /v1/messages, POST /v1/embeddings and GET /v1/models';

export const resolveEndpoint = (method: string | undefined, path: string): Endpoint => {
  const exact = Object.hasOwn(served, path) ? served[path] : undefined;
  if (exact && exact.method === method) return endpoints.get(path) as Endpoint;
  const meant = normalized(path);
  const errors = anthropicPath.test(meant) ? anthropicMessagesWire : openaiChatWire;
  if (exact) {
    return {
      kind: 'refused',
      status: 405,
      code: 'method_not_allowed',
      message: `${path} takes ${exact.method}, not ${method}`,
      allow: exact.method,
      errors,
    };
  }
  const near = Object.hasOwn(served, meant) ? served[meant] : undefined;
  const hint = near ? `; did you mean ${near.method} ${meant}?` : `; this gateway serves ${servedList}`;
  return {
    kind: 'refused',
    status: 404,
    code: 'unknown_endpoint',
    message: `no endpoint ${method} ${path}${hint}`,
    errors,
  };
};
