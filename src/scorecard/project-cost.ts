// Cost at the user's volume: `--volume 500000/day` (or /hour, /month) calls times the mean measured cost of a call.
import { YardstickError } from '../spec/errors.js';
import type { SummaryRow } from './run-summary.js';

const perDayFactor = { hour: 24, day: 1, month: 1 / 30 } as const;
const daysPerMonth = 30;

export interface Volume {
  /** Calls per day. */
  perDay: number;
  /** As the user wrote it, for reports. */
  label: string;
}

/** Parses `500000/day`, `20k/hour`, `15M/month` (underscores and commas allowed in the number). */
export const parseVolume = (text: string): Volume => {
  const match = /^\s*([\d_,.]+)\s*([kKmM]?)\s*\/\s*(hour|day|month)\s*$/.exec(text);
  const amount = match ? Number((match[1] ?? '').replace(/[_,]/g, '')) : Number.NaN;
  if (!match || !Number.isFinite(amount) || amount <= 0) {
    throw new YardstickError(
      'E_CONFIG',
      `--volume ${text}: write calls per hour, day or month, e.g. 500000/day or 20k/hour`,
    );
  }
  const scale = match[2]?.toLowerCase() === 'k' ? 1_000 : match[2]?.toLowerCase() === 'm' ? 1_000_000 : 1;
  const unit = match[3] as keyof typeof perDayFactor;
  return { perDay: amount * scale * perDayFactor[unit], label: text.trim() };
};

export interface Projection {
  perDayUsd: number | null;
  perMonthUsd: number | null;
}

export const projectCost = (row: SummaryRow, volume: Volume): Projection => {
  if (row.costPer1kCallsUsd === null) return { perDayUsd: null, perMonthUsd: null };
  const perDayUsd = (row.costPer1kCallsUsd / 1000) * volume.perDay;
  return { perDayUsd, perMonthUsd: perDayUsd * daysPerMonth };
};
