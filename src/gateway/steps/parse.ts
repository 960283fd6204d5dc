// Step 2, parse: the body under its size limit, checked for nesting before anything recursive sees it, then read
// by the endpoint's wire format; every problem is a 400 (413 for size) naming the field, before any upstream.
import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../gateway-errors.js';
import { readBody } from '../http-exchange.js';
import { nestsDeeperThan } from '../json-depth.js';
import { requestLimits } from '../request-limits.js';
import { WireRequestError } from '../wire/parse-request.js';

export interface Parsed<Request> {
  request: Request;
  /** The body as sent, kept for the trace when the route captures bodies. */
  body: Buffer;
}

/**
 * @example
 * const { request } = await parse(message, openaiChatWire, config.server.maxBodyBytes);
 */
export const parse = async <Request>(
  message: IncomingMessage,
  wire: { parse(json: unknown): Request },
  bodyLimit: number,
): Promise<Parsed<Request>> => {
  const body = await readBody(message, bodyLimit);
  const depth = requestLimits.nestingDepth;
  if (nestsDeeperThan(body, depth)) {
    throw new GatewayError(
      'nesting_too_deep',
      `request body nests deeper than ${depth} levels; flatten it (the limit is ${depth})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new GatewayError('invalid_json', `request body is not valid JSON: ${reason}`);
  }
  try {
    return { request: wire.parse(json), body };
  } catch (error) {
    if (error instanceof WireRequestError)
      throw new GatewayError('invalid_request', error.message, { param: error.param });
    throw error;
  }
};
