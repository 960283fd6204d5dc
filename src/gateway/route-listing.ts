// What `yardstick routes` and the UI's Routes page show of a route: its policy, the target it serves first, its
// qualification record's age, whether that record is stale (and why), and how often its cascade escalated. The
// store reads and the suite's basis are passed in, so the CLI and the UI compute the very same row.
import type { Volume } from '../scorecard/project-cost.js';
import { type QualificationBasis, staleReasons } from '../scorecard/qualification-staleness.js';
import type { QualificationRecord } from '../store/contract/qualification-store.js';
import type { ResolvedRoute } from './load-gateway-config.js';
import { qualificationOf } from './route-qualifications.js';

/** The window escalation rates and traced volumes are measured over. */
export const listingWindowMs = 7 * 24 * 60 * 60 * 1000;

export interface RouteListing {
  route: string;
  policy: string;
  /** The target a request tries first now; null when only a record is known (no gateway config). */
  serving: string | null;
  /** The target the newest qualification record chose; null when none qualified or there is no record. */
  chosen: string | null;
  qualified: boolean | null;
  recordId: number | null;
  recordAt: string | null;
  recordAgeSeconds: number | null;
  /** Null when it cannot be told: not a cheapest-passing route, or no gateway config to compare with. */
  stale: boolean | null;
  staleReasons: string[];
  /** Escalated / checked answers over the last 7 days; null without a cascade or any checked answer. */
  escalationRate: number | null;
  cascade: { checked: number; escalated: number } | null;
}

export interface ListingReads {
  /** The qualification basis of the route now (its suite, targets, prices); throws when the suite is unreadable. */
  basisOf(route: ResolvedRoute): Promise<QualificationBasis>;
  cascadeCounts(route: string, since: string): Promise<{ checked: number; escalated: number }>;
}

const recordFacts = (record: QualificationRecord | undefined, now: number) => ({
  chosen: record?.chosen ?? null,
  recordId: record?.id ?? null,
  recordAt: record?.createdAt ?? null,
  recordAgeSeconds: record ? Math.max(0, (now - Date.parse(record.createdAt)) / 1000) : null,
});

const escalation = (cascade: { checked: number; escalated: number } | null) =>
  cascade && cascade.checked > 0 ? cascade.escalated / cascade.checked : null;

/** A route of the gateway config, with its newest record (if any). */
export const listRoute = async (
  route: ResolvedRoute,
  record: QualificationRecord | undefined,
  reads: ListingReads,
  now: number,
): Promise<RouteListing> => {
  const listed = route.targets[0]?.name ?? null;
  const base = {
    route: route.name,
    policy: route.policy,
    chosen: null,
    recordId: null,
    recordAt: null,
    recordAgeSeconds: null,
    staleReasons: [],
    escalationRate: null,
    cascade: null,
  };
  if (route.policy !== 'cheapest-passing') return { ...base, serving: listed, qualified: null, stale: null };
  const state = qualificationOf(route, record);
  let reasons: string[];
  try {
    const basis = await reads.basisOf(route);
    reasons = record ? staleReasons(record, basis) : ['no qualification record'];
  } catch (error) {
    reasons = [`the suite cannot be read: ${(error as Error).message.split('\n')[0]}`];
  }
  const since = new Date(now - listingWindowMs).toISOString();
  const cascade = route.cascade ? await reads.cascadeCounts(route.name, since) : null;
  return {
    ...base,
    ...recordFacts(record, now),
    serving: state.qualified ? state.chosen : listed,
    qualified: state.qualified,
    stale: reasons.length > 0,
    staleReasons: reasons,
    escalationRate: escalation(cascade),
    cascade,
  };
};

/**
 * A route known only from its record (the UI without a gateway config): what it chose and when; whether it is
 * stale cannot be told without the config, and its cascade counts are shown when any answer was checked.
 */
export const listRecordedRoute = async (
  record: QualificationRecord,
  reads: Pick<ListingReads, 'cascadeCounts'>,
  now: number,
): Promise<RouteListing> => {
  const counts = await reads.cascadeCounts(record.route, new Date(now - listingWindowMs).toISOString());
  const cascade = counts.checked > 0 ? counts : null;
  return {
    route: record.route,
    policy: 'cheapest-passing',
    serving: null,
    ...recordFacts(record, now),
    qualified: record.chosen !== null,
    stale: null,
    staleReasons: [],
    escalationRate: escalation(cascade),
    cascade,
  };
};

/** A route's traced requests per day over the listing window, as `qualify --volume auto` prices the choice. */
export const tracedVolume = (requestsInWindow: number): Volume => {
  const perDay = requestsInWindow / (listingWindowMs / 86_400_000);
  return {
    perDay,
    label: `${perDay < 10 ? perDay.toFixed(1) : Math.round(perDay)}/day (traced, last 7 days)`,
  };
};
