// Money as people read it: to the cent, and with more digits under a cent ($0.0042), never in exponent
// notation ($2.0e-8 is $0.00000002).

/**
 * @example formatUsd(12.5) // '$12.50'
 * @example formatUsd(0.0042) // '$0.0042'
 * @example formatUsd(2e-8) // '$0.00000002'
 */
export const formatUsd = (usd: number): string => {
  const sign = usd < 0 ? '-' : '';
  const value = Math.abs(usd);
  if (value === 0 || value >= 0.01 || !Number.isFinite(value)) return `${sign}$${value.toFixed(2)}`;
  // two significant digits, trailing zeros dropped
  const digits = Math.min(20, 1 - Math.floor(Math.log10(value)));
  const text = value.toFixed(digits).replace(/0+$/, '');
  return `${sign}$${text}`;
};
