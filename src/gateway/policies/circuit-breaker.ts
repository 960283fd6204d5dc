// A circuit breaker per route target: after `failures` consecutive upstream failures the target is skipped for
// `coolDownMs`, then one trial request may try it; a success closes the circuit, a failure opens it again.
// Skipping a target that keeps failing spares each request the time of a failure it would only fall back from.
import type { ResolvedTarget } from '../load-gateway-config.js';

export interface CircuitSettings {
  /** Consecutive failures that open the circuit; 0 turns the breaker off. */
  failures: number;
  coolDownMs: number;
}

/** Whether a target may be tried now; a skip says why, for the trace. */
export type CircuitCheck = { skip: false } | { skip: true; reason: string; until: number };

interface Circuit {
  failures: number;
  /** Date.now() until which the circuit is open; 0 when closed. */
  openUntil: number;
  /** A trial request is on its way to a target whose cool-down is over. */
  trial: boolean;
}

const pass: CircuitCheck = { skip: false };

/**
 * @example
 * const breakers = createCircuitBreakers();
 * if (breakers.check(target, settings).skip) continue; // next target
 * ok ? breakers.succeeded(target) : breakers.failed(target, settings);
 */
export const createCircuitBreakers = (now: () => number = Date.now) => {
  // per target object: each route's targets are their own, so a route's failures open only its circuits
  const circuits = new WeakMap<ResolvedTarget, Circuit>();
  let open = 0;
  let skips = 0;
  return {
    check(target: ResolvedTarget, settings: CircuitSettings): CircuitCheck {
      const circuit = circuits.get(target);
      if (settings.failures === 0 || circuit === undefined || circuit.openUntil === 0) return pass;
      const at = now();
      if (at < circuit.openUntil) {
        skips += 1;
        const until = new Date(circuit.openUntil).toISOString();
        return {
          skip: true,
          until: circuit.openUntil,
          reason: `skipped: circuit open until ${until} after ${circuit.failures} consecutive failures`,
        };
      }
      if (circuit.trial) {
        skips += 1;
        return { skip: true, until: at, reason: 'skipped: circuit open, its trial request is on its way' };
      }
      circuit.trial = true;
      return pass;
    },
    succeeded(target: ResolvedTarget): void {
      const circuit = circuits.get(target);
      if (circuit === undefined) return;
      if (circuit.openUntil !== 0) open -= 1;
      circuits.delete(target);
    },
    /** Counts an upstream failure; true when it opened (or opened again) the circuit. */
    failed(target: ResolvedTarget, settings: CircuitSettings): boolean {
      if (settings.failures === 0) return false;
      let circuit = circuits.get(target);
      if (circuit === undefined) {
        circuit = { failures: 0, openUntil: 0, trial: false };
        circuits.set(target, circuit);
      }
      circuit.failures += 1;
      const trialFailed = circuit.trial;
      circuit.trial = false;
      if (!trialFailed && circuit.failures < settings.failures) return false;
      if (circuit.openUntil === 0) open += 1;
      circuit.openUntil = now() + settings.coolDownMs;
      return true;
    },
    /** A trial that ended neither way (the client left): the next request may try again. */
    abandoned(target: ResolvedTarget): void {
      const circuit = circuits.get(target);
      if (circuit) circuit.trial = false;
    },
    metrics: () => ({ open, skips }),
  };
};

export type CircuitBreakers = ReturnType<typeof createCircuitBreakers>;
