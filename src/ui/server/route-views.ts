// The Routes endpoints: every route with its policy, choice, record age, staleness and escalation rate (the rows
// `yardstick routes` prints, from the same module), and one route's qualification record with what its choice
// saves per day at the traced volume.
import type { ResolvedRoute } from '../../gateway/load-gateway-config.js';
import {
  type ListingReads,
  listingWindowMs,
  listRecordedRoute,
  listRoute,
  type RouteListing,
  tracedVolume,
} from '../../gateway/route-listing.js';
import { savingPerDay } from '../../scorecard/qualify-targets.js';
import type { QualificationRecord } from '../../store/contract/qualification-store.js';
import type { RoutesView, RouteView } from '../api-types.js';
import type { UiContext } from './ui-context.js';
import type { UiData } from './ui-data.js';
import { UiRequestError } from './ui-request-error.js';

const readsOf = (data: UiData, context: UiContext): ListingReads => ({
  basisOf: async (route) => {
    if (!context.basisOf) throw new Error('no way to read the suite here');
    return context.basisOf(route);
  },
  cascadeCounts: (route, since) => data.cascadeCounts(route, since),
});

const listOne = (
  data: UiData,
  context: UiContext,
  route: ResolvedRoute | undefined,
  record: QualificationRecord | undefined,
  now: number,
): Promise<RouteListing> | undefined => {
  const reads = readsOf(data, context);
  if (route) return listRoute(route, record, reads, now);
  return record ? listRecordedRoute(record, reads, now) : undefined;
};

export const routesView = async (data: UiData, context: UiContext): Promise<RoutesView> => {
  const now = context.now?.() ?? Date.now();
  const records = await data.qualificationRecords();
  const latest = new Map(records.map((record) => [record.route, record]));
  const routes: RouteListing[] = [];
  if (context.gateway) {
    for (const route of context.gateway.routes.values())
      routes.push(await listRoute(route, latest.get(route.name), readsOf(data, context), now));
    return { source: 'config', routes };
  }
  for (const record of [...records].sort((a, b) => a.route.localeCompare(b.route)))
    routes.push(await listRecordedRoute(record, readsOf(data, context), now));
  return { source: 'records', routes };
};

export const routeView = async (data: UiData, context: UiContext, name: string): Promise<RouteView> => {
  const now = context.now?.() ?? Date.now();
  const route = context.gateway?.routes.get(name);
  const record = (await data.qualificationRecords()).find((item) => item.route === name);
  const listing = await listOne(data, context, route, record, now);
  if (!listing) {
    const where = context.gateway ? 'the gateway config' : 'any qualification record';
    throw new UiRequestError('not_found', `no route "${name}" in ${where}; /api/routes lists them`);
  }
  const volume = tracedVolume(await data.tracedRequests(name, new Date(now - listingWindowMs).toISOString()));
  // as `qualify` says it: serving the chosen target instead of the first the route lists
  const from = route?.targets[0]?.name ?? record?.targets[0]?.model;
  const to = record?.chosen ?? null;
  const saving =
    record && from !== undefined && to !== null && from !== to
      ? {
          from,
          to,
          perDayUsd: savingPerDay(
            record.candidates.find((candidate) => candidate.model === from),
            record.candidates.find((candidate) => candidate.model === to),
            volume.perDay,
          ),
        }
      : null;
  return {
    listing,
    record: record
      ? {
          id: record.id,
          createdAt: record.createdAt,
          runId: record.runId,
          suitePath: record.suitePath,
          rule: record.rule,
          priceTableVersion: record.priceTableVersion,
          targets: record.targets.map((target) => target.model),
          candidates: record.candidates,
          chosen: record.chosen,
          order: record.order,
          reason: record.reason,
        }
      : null,
    volume,
    saving,
  };
};
