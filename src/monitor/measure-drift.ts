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

const pairKey = (counts: { route: string; model: string }): string => `${counts.route}\u0000${counts.model}`;

/** The window just before `[since, until)`, as long. */
export const previousWindow = (since: string, until: string): { since: string; until: string } => ({
  since: new Date(2 * Date.parse(since) - Date.parse(until)).toISOString(),
  until: since,
});

/**
 * Each route and model of a window's counts against its reference: the qualification pass rate when the route's
 * record has one for the model, else the counts of the window before (`before`, over `previous`). Pure.
 */
export const measureWindow = (
  current: MonitorCounts[],
  before: MonitorCounts[],
  previous: { since: string; until: string },
  qualifiedRate: (route: string, model: string) => number | undefined,
  maxDrop: (route: string) => number,
): DriftRow[] => {
  const earlierOf = new Map(before.map((counts) => [pairKey(counts), counts]));
  return current.map((counts) => {
    const qualified = qualifiedRate(counts.route, counts.model);
    const earlier = earlierOf.get(pairKey(counts));
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
    return measureDrift(counts, reference, maxDrop(counts.route));
  });
};

/** Every route and model with samples in the window, each measured against its reference. */
export const measureRoutes = async (store: MonitorStore, query: DriftQuery): Promise<DriftRow[]> => {
  const route = query.route === undefined ? {} : { route: query.route };
  const previous = previousWindow(query.since, query.until);
  const current = await store.countsIn({ since: query.since, until: query.until, ...route });
  const before = await store.countsIn({ ...previous, ...route });
  const qualified = new Map<string, number | undefined>();
  for (const counts of current)
    qualified.set(pairKey(counts), await store.qualificationPassRate(counts.route, counts.model));
  return measureWindow(
    current,
    before,
    previous,
    (routeName, model) => qualified.get(pairKey({ route: routeName, model })),
    query.maxDrop,
  );
};
