// Percentile of already-sorted values with linear interpolation between closest ranks,
// the same definition as numpy.percentile's default ("linear", R type 7).

/**
 * The p-th percentile (0..100) of values sorted ascending; undefined for an empty list.
 * @example percentile([1, 2, 3, 4], 50) // 2.5
 * @throws RangeError when p is outside 0..100.
 */
export const percentile = (sortedValues: readonly number[], p: number): number | undefined => {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be in 0..100, got ${p}`);
  const count = sortedValues.length;
  if (count === 0) return undefined;
  const rank = ((count - 1) * p) / 100;
  const lowerIndex = Math.floor(rank);
  const lower = sortedValues[lowerIndex];
  const upper = sortedValues[Math.min(lowerIndex + 1, count - 1)];
  if (lower === undefined || upper === undefined) return undefined;
  return lower + (upper - lower) * (rank - lowerIndex);
};
