// What an upstream failure means for a route: which failures it may fall back on, and what the client is told
// when no target is left to try.
import type { YardstickError } from '../spec/errors.js';
import type { FailureKind } from './gateway-config.js';
import { GatewayError } from './gateway-errors.js';

/** The kind of failure `fallbackOn` names, or undefined for one no other target can fix (e.g. a 400). */
export const failureKindOf = (error: YardstickError): FailureKind | undefined => {
  switch (error.code) {
    case 'E_HTTP_RATE_LIMIT':
      return '429';
    case 'E_HTTP_SERVER':
      return '5xx';
    case 'E_TIMEOUT':
      return 'timeout';
    case 'E_NETWORK':
    case 'E_UNAVAILABLE':
      return 'network';
    case 'E_MALFORMED_RESPONSE':
    case 'E_STREAM_CUT':
      return 'malformed';
    default:
      return undefined;
  }
};

/** What the client is told when every target failed: the status that says whose fault it was. */
export const upstreamFailure = (error: YardstickError): GatewayError => {
  switch (error.code) {
    case 'E_HTTP_RATE_LIMIT':
      return new GatewayError('upstream_rate_limited', `upstream rate limit: ${error.message}`, {
        headers: { 'retry-after': String(Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000))) },
      });
    case 'E_TIMEOUT':
      return new GatewayError('upstream_timeout', `upstream timed out: ${error.message}`);
    case 'E_HTTP_CLIENT':
      return new GatewayError('upstream_rejected_request', error.message, { status: error.status ?? 400 });
    case 'E_API_KEY_MISSING':
    case 'E_HTTP_AUTH':
      // the gateway's own credentials for the provider: the operator's problem, and no secret in the message
      return new GatewayError(
        'provider_not_configured',
        `the gateway cannot call this provider: ${error.message}`,
      );
    default:
      return new GatewayError('upstream_error', `upstream failed: ${error.message}`);
  }
};
