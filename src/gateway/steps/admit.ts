// Step 4, admit: the key's budget holds the request's largest cost, and its requests and tokens per minute let it
// in (limits/key-limits.ts: in memory, or shared through Redis); or it is refused with 429. Once the call is
// over, `settle` charges the real cost in place of the hold, and `release` gives it back when nothing was spent.
import { formatUsd } from '../../pricing/format-usd.js';
import { YardstickError } from '../../spec/errors.js';
import type { ApiKeyRow } from '../../store/contract/gateway-store.js';
import { maxCostOnRoute, type RequestSize } from '../cost-bound.js';
import { GatewayError } from '../gateway-errors.js';
import type { BudgetedKey, Reservation } from '../limits/budget-reservations.js';
import type { BudgetHold, KeyAdmitted, KeyLimits } from '../limits/key-limits.js';
import type { ResolvedRoute } from '../load-gateway-config.js';

/** What admission needs of a request: its route and what bounds its cost. */
export interface AdmitRequest extends Omit<RequestSize, 'maxOutputTokens'> {
  route: ResolvedRoute;
  /** The output tokens asked for (or the route's default); undefined when nothing bounds them. */
  maxOutputTokens: number | undefined;
  /** The request field that sets the max, for the error that asks for it, e.g. `max_tokens`. */
  maxField: string;
}

/** A request let in under its key's limits, holding part of its budget until it is settled or released. */
export interface Admission {
  key: ApiKeyRow;
  /** Cleared once settled or released, so a hold is given back only once. */
  reservation: Reservation | undefined;
}

/** What a finished call cost, charged to the key: tokens for the per-minute limit, dollars for the budget. */
export interface Charge {
  tokens: number;
  costUsd: number | null;
}

const budgetOf = (key: ApiKeyRow): BudgetedKey | undefined =>
  key.budgetUsd !== null && key.budgetPeriod !== null
    ? { id: key.id, budgetUsd: key.budgetUsd, budgetPeriod: key.budgetPeriod }
    : undefined;

type BudgetRefusal = Extract<KeyAdmitted, { over: 'budget' }>;

const secondsOf = (ms: number): string => String(Math.max(1, Math.ceil(ms / 1000)));

/** A request that nothing bounds cannot be held against a budget: 400, saying what would bound it. */
const unbounded = (key: ApiKeyRow, request: AdmitRequest): GatewayError =>
  new GatewayError(
    'invalid_request',
    `API key "${key.name}" has a budget, so each request's cost must be bounded before it is called: set ${request.maxField}, or give route "${request.route.name}" a maxOutputTokens default in gateway.yaml`,
    { param: request.maxField },
  );

/** The 429 of a key over its requests or tokens per minute, with when the next request fits. */
const overRate = (refused: { message: string; retryAfterMs: number }): GatewayError =>
  new GatewayError(
    'key_limit',
    `${refused.message}; the next request fits in ${secondsOf(refused.retryAfterMs)} s`,
    {
      headers: {
        'retry-after': secondsOf(refused.retryAfterMs),
        'retry-after-ms': String(Math.ceil(refused.retryAfterMs)),
      },
    },
  );

/**
 * @example
 * const admission = await admit(key, { route, bodyBytes: 812, hasTools: false, maxOutputTokens: 256, maxField: 'max_tokens' });
 * // … the call …
 * await settle(admission, { tokens: 1500, costUsd: 0.002 }); // or release(admission) when it failed
 */
export const createAdmit = (limits: KeyLimits) => {
  /** What the request holds of the key's budget: undefined when the key has none or no target is priced. */
  const holdOf = (key: ApiKeyRow, request: AdmitRequest): BudgetHold | undefined => {
    const budget = budgetOf(key);
    if (budget === undefined) return undefined;
    const size = { ...request, maxOutputTokens: request.maxOutputTokens ?? 0 };
    const most = maxCostOnRoute(request.route, size);
    // no target is priced: nothing this request costs can be counted
    if (most === null) return undefined;
    if (request.maxOutputTokens === undefined) throw unbounded(key, request);
    return { budget, amountUsd: most };
  };

  const overBudget = (key: ApiKeyRow, hold: BudgetHold, held: BudgetRefusal): GatewayError => {
    const { budget } = hold;
    const period = `${formatUsd(budget.budgetUsd)} per ${budget.budgetPeriod}`;
    const inFlight =
      held.reservedUsd > 0 ? `, ${formatUsd(held.reservedUsd)} held by requests in flight` : '';
    return new GatewayError(
      'budget_exceeded',
      `API key "${key.name}" has no budget left for this request: ${formatUsd(held.spentUsd)} of its ${period} is spent${inFlight}, and this request may cost up to ${formatUsd(hold.amountUsd)}; the budget resets at ${held.resetsAt}`,
      { headers: { 'x-should-retry': 'false' }, details: { resets_at: held.resetsAt } },
    );
  };

  /** A budget's spend could not be read (the store is down, and this key's window was not read before it went). */
  const spendUnknown = (error: unknown): never => {
    if (!(error instanceof YardstickError && error.code === 'E_STORE')) throw error;
    const reason = error.message;
    throw new GatewayError(
      'store_unavailable',
      `this key's budget cannot be checked: its spend cannot be read from the store (${reason}); try again shortly`,
      { headers: { 'retry-after': '1' } },
    );
  };

  return {
    async admit(key: ApiKeyRow, request: AdmitRequest, now = Date.now()): Promise<Admission> {
      const hold = holdOf(key, request);
      const decided = limits.admit(key, hold, now);
      // the memory limits answer a key without a budget at once: no await on that path
      const admitted = decided instanceof Promise ? await decided.catch(spendUnknown) : decided;
      if (admitted.ok) return { key, reservation: admitted.reservation };
      if (admitted.over === 'rate') throw overRate(admitted);
      // a budget refusal comes only for a request that asked to hold part of it
      throw overBudget(key, hold as BudgetHold, admitted);
    },
    /** Charges what the call cost in place of its hold. */
    async settle(admission: Admission, charge: Charge, now = Date.now()): Promise<void> {
      const charged = limits.charge(admission.key, charge.tokens, now);
      const { reservation } = admission;
      admission.reservation = undefined;
      if (reservation) await limits.settle(reservation, charge.costUsd ?? 0);
      if (charged instanceof Promise) await charged;
    },
    /** Gives the hold back: nothing was spent (the call failed, or the answer came from the cache). */
    async release(admission: Admission): Promise<void> {
      const { reservation } = admission;
      admission.reservation = undefined;
      if (reservation) await limits.release(reservation);
    },
  };
};

export type Admit = ReturnType<typeof createAdmit>;
