// Step 4, admit: the key's limits (requests and tokens per minute, budget per day or month) let the request in,
// or it is refused with 429 and Retry-After; once its usage is known, `settle` charges it to the key.
import type { ApiKeyRow } from '../../store/gateway-store.js';
import { GatewayError } from '../gateway-errors.js';
import type { KeyLimits } from '../key-limits.js';

/** A request let in under its key's limits, to be settled when its usage is known. */
export interface Admission {
  key: ApiKeyRow;
}

/** What a finished call cost, charged to the key: tokens for the per-minute limit, dollars for the budget. */
export interface Charge {
  tokens: number;
  costUsd: number | null;
}

/**
 * @example
 * const { admit, settle } = createAdmit(limits);
 * const admission = admit(key); // or throws 429 key_limit with Retry-After
 * settle(admission, { tokens: 1500, costUsd: 0.002 });
 */
export const createAdmit = (limits: KeyLimits) => ({
  admit(key: ApiKeyRow, now = Date.now()): Admission {
    const admitted = limits.admit(key, now);
    if (!admitted.ok) {
      throw new GatewayError('key_limit', admitted.message, {
        headers: { 'retry-after': String(admitted.retryAfterSeconds) },
      });
    }
    return { key };
  },
  settle(admission: Admission, charge: Charge, now = Date.now()): void {
    limits.charge(admission.key, charge.tokens, charge.costUsd, now);
  },
});

export type Admit = ReturnType<typeof createAdmit>;
