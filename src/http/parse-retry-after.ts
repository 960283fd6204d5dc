// Reads how long a server asked us to wait: `retry-after-ms` (OpenAI), then `Retry-After` as seconds or an HTTP date.

import type { ResponseHeaders } from './transport.js';

export const parseRetryAfter = (headers: ResponseHeaders, now: number = Date.now()): number | undefined => {
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null && milliseconds.trim() !== '') {
    const value = Number(milliseconds);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers.get('retry-after');
  if (retryAfter === null || retryAfter.trim() === '') return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
};
