// Tiny deterministic PRNG (mulberry32, public domain, by Tommy Ettinger) so simulations are reproducible run to run;
// 32-bit state, fine for Monte Carlo tests, not for cryptography.

/**
 * A generator of uniform numbers in [0, 1) from a 32-bit integer seed; the same seed gives the same stream.
 * @example seededRandom(1)() // 0.6270739405881613
 * @throws RangeError when seed is not an integer.
 */
export const seededRandom = (seed: number): (() => number) => {
  if (!Number.isInteger(seed)) throw new RangeError(`seededRandom: seed must be an integer, got ${seed}`);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
