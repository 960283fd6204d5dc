// Whether a request is sampled by its route's monitor: decided from its trace id alone, so the same id always
// gets the same answer (a sample can be explained after the fact) and no state is shared between requests.

/** FNV-1a, 32 bits: cheap on the request path and well spread over ids that differ in their last characters. */
const fnv1a = (text: string): number => {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
};

/**
 * True for about `rate` of all trace ids: the id's hash, as a fraction of 2³², is below the rate.
 * @example isSampled('chatcmpl-abc', 1) // true; isSampled(id, 0) // false
 */
export const isSampled = (traceId: string, rate: number): boolean =>
  rate >= 1 || (rate > 0 && fnv1a(traceId) / 2 ** 32 < rate);
