// A monitor's pass rate over time: per route and model, one point per time bucket with its Wilson interval and
// the drift test `yardstick monitor` runs, each bucket against its reference (the qualification pass rate, else
// the bucket before), so a drift mark on the chart is what `monitor --since <bucket>` would have said.
import type { MonitorCounts, MonitorWindow } from '../store/contract/monitor-store.js';
import { type DriftRow, measureWindow } from './measure-drift.js';

export interface DriftPoint {
  /** ISO start of the bucket; it ends where the next begins. */
  start: string;
  end: string;
  samples: number;
  passed: number;
  notScored: number;
  passRate: number | null;
  passRateCi95: [number, number] | null;
  /** The reference pass rate this bucket was tested against; null when there was none. */
  reference: number | null;
  drift: boolean;
  pDrift: number | null;
}

export interface DriftSeries {
  route: string;
  model: string;
  /** The pass rate the route's qualification record gave this model; null without one. */
  qualificationPassRate: number | null;
  maxDrop: number;
  points: DriftPoint[];
}

export interface DriftSeriesQuery {
  since: string;
  until: string;
  bucketMs: number;
  route?: string | undefined;
  maxDrop: (route: string) => number;
  qualifiedRate: (route: string, model: string) => number | undefined;
}

/** At most this many buckets, so a wide range at a fine bucket stays a handful of queries. */
export const maxBuckets = 200;

const referenceRate = (row: DriftRow): number | null => row.reference?.passRate ?? null;

/** Buckets aligned to `bucketMs` from the one holding `since` to the one holding `until`. */
export const bucketStarts = (since: string, until: string, bucketMs: number): number[] => {
  const first = Math.floor(Date.parse(since) / bucketMs) * bucketMs;
  const starts: number[] = [];
  for (let start = first; start < Date.parse(until) && starts.length < maxBuckets; start += bucketMs)
    starts.push(start);
  return starts;
};

export const driftSeries = async (
  countsIn: (window: MonitorWindow) => Promise<MonitorCounts[]>,
  query: DriftSeriesQuery,
): Promise<DriftSeries[]> => {
  const route = query.route === undefined ? {} : { route: query.route };
  const iso = (ms: number) => new Date(ms).toISOString();
  const starts = bucketStarts(query.since, query.until, query.bucketMs);
  const series = new Map<string, DriftSeries>();
  const first = starts[0];
  if (first === undefined) return [];
  let before = await countsIn({ since: iso(first - query.bucketMs), until: iso(first), ...route });
  for (const start of starts) {
    const window = { since: iso(start), until: iso(start + query.bucketMs) };
    const current = await countsIn({ ...window, ...route });
    const previous = { since: iso(start - query.bucketMs), until: window.since };
    for (const row of measureWindow(current, before, previous, query.qualifiedRate, query.maxDrop)) {
      const key = `${row.route}\u0000${row.model}`;
      let entry = series.get(key);
      if (!entry) {
        entry = {
          route: row.route,
          model: row.model,
          qualificationPassRate: query.qualifiedRate(row.route, row.model) ?? null,
          maxDrop: query.maxDrop(row.route),
          points: [],
        };
        series.set(key, entry);
      }
      entry.points.push({
        start: window.since,
        end: window.until,
        samples: row.samples,
        passed: row.passed,
        notScored: row.notScored,
        passRate: row.passRate,
        passRateCi95: row.passRateCi95,
        reference: referenceRate(row),
        drift: row.drift,
        pDrift: row.pDrift,
      });
    }
    before = current;
  }
  return [...series.values()].sort(
    (a, b) => a.route.localeCompare(b.route) || a.model.localeCompare(b.model),
  );
};
