// Number and time formatting shared by every page, the same as the HTML report's (report-page.ts).
export const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

export const usd = (value: number | null): string => {
  if (value === null) return 'unpriced';
  if (value === 0) return '$0';
  if (value >= 100) return `$${Math.round(value).toLocaleString('en-US')}`;
  return value >= 1 ? `$${value.toFixed(2)}` : `$${value.toPrecision(2)}`;
};

export const ms = (value: number | null): string => (value === null ? '–' : `${Math.round(value)} ms`);

/** `2026-11-29 17:04:05` in UTC: the store's times are UTC, and so are the filters. */
export const when = (iso: string | null): string => (iso === null ? '–' : iso.replace('T', ' ').slice(0, 19));

export const interval = ([low, high]: [number, number]): string => `${percent(low)}–${percent(high)}`;

export const points = (value: number): string =>
  `${value < 0 ? '−' : '+'}${(Math.abs(value) * 100).toFixed(1)}`;
