// Drift of a route's production pass rate: the scored samples of a window against a reference, either the pass
// rate the route's qualification record gave the model, or the same route and model in the window just before.
import { scoreTestBelow, scoreTestBelowRate } from '../stats/non-inferiority-test.js';
import { wilsonInterval } from '../stats/wilson-interval.js';
import type { MonitorCounts, MonitorStore } from '../store/contract/monitor-store.js';

/** Below this many scored samples on either side, no drift is claimed: the test's normal approximation is off. */
export const minSamplesForDrift = 10;
/** Drift is claimed when the one-sided test's p-value is below this. */
export const driftAlpha = 0.05;

export type DriftReference =
  | { source: 'qualification'; passRate: number }
  | {
      source: 'previous-window';
      since: string;
      until: string;
      samples: number;
      passed: number;
      passRate: number | null;
    };

export interface DriftRow {
  route: string;
  model: string;
  samples: number;
  passed: number;
  /** Sampled but not scored (the judge failed); in neither count above. */
  notScored: number;
  passRate: number | null;
  passRateCi95: [number, number] | null;
  reference: DriftReference | null;
  /** The production rate is credibly below the reference by more than `maxDrop`. */
  drift: boolean;
  /** One-sided p-value of that; null when there is nothing to compare. */
  pDrift: number | null;
  judgeCostUsd: number;
}

export const measureDrift = (
  current: MonitorCounts,
  reference: DriftReference | null,
  maxDrop: number,
): DriftRow => {
  const { samples, passed } = current;
  const base = {
    route: current.route,
    model: current.model,
    samples,
    passed,
    notScored: current.notScored,
    passRate: samples > 0 ? passed / samples : null,
    passRateCi95: samples > 0 ? wilsonInterval(passed, samples) : null,
    reference,
    judgeCostUsd: current.judgeCostUsd,
  };
  if (reference === null || samples === 0) return { ...base, drift: false, pDrift: null };
  const production = { successes: passed, total: samples };
  let pDrift: number;
  let enough = samples >= minSamplesForDrift;
  if (reference.source === 'qualification') {
    pDrift = scoreTestBelowRate(production, reference.passRate, maxDrop).p;
  } else {
    if (reference.samples === 0) return { ...base, drift: false, pDrift: null };
    pDrift = scoreTestBelow(production, { successes: reference.passed, total: reference.samples }, maxDrop).p;
    enough &&= reference.samples >= minSamplesForDrift;
  }
  return { ...base, drift: enough && pDrift < driftAlpha, pDrift };
};

export interface DriftQuery {
  /** ISO times of the window; the previous window is as long and ends at `since`. */
  since: string;
  until: string;
  route?: string;
  maxDrop: (route: string) => number;
}

/** Every route and model with samples in the window, each measured against its reference. */
export const measureRoutes = async (store: MonitorStore, query: DriftQuery): Promise<DriftRow[]> => {
  const length = Date.parse(query.until) - Date.parse(query.since);
  const previous = {
    since: new Date(Date.parse(query.since) - length).toISOString(),
    until: query.since,
    ...(query.route === undefined ? {} : { route: query.route }),
  };
  const before = new Map(
    (await store.countsIn(previous)).map((counts) => [`${counts.route}\u0000${counts.model}`, counts]),
  );
  const window = {
    since: query.since,
    until: query.until,
    ...(query.route === undefined ? {} : { route: query.route }),
  };
  const rows: DriftRow[] = [];
  for (const counts of await store.countsIn(window)) {
    const qualified = await store.qualificationPassRate(counts.route, counts.model);
    const earlier = before.get(`${counts.route}\u0000${counts.model}`);
    const reference: DriftReference =
      qualified !== undefined
        ? { source: 'qualification', passRate: qualified }
        : {
            source: 'previous-window',
            since: previous.since,
            until: previous.until,
            samples: earlier?.samples ?? 0,
            passed: earlier?.passed ?? 0,
            passRate: earlier && earlier.samples > 0 ? earlier.passed / earlier.samples : null,
          };
    rows.push(measureDrift(counts, reference, query.maxDrop(counts.route)));
  }
  return rows;
};
