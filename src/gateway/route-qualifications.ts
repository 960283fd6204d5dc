// What the gateway knows of its `cheapest-passing` routes' qualification records: read at start, then polled off
// the request path (a cheap `MAX(id)` every ~2 s), so a new `yardstick qualify` takes effect without a restart.
// The policies read it from memory; a route without a valid record is unqualified and said so.
import type { QualificationRecord } from '../store/contract/qualification-store.js';
import type { LoadedGatewayConfig, ResolvedRoute } from './load-gateway-config.js';

/** The part of the qualification store the gateway reads. */
export interface QualificationReader {
  newestId(): Promise<number>;
  latest(): Promise<QualificationRecord[]>;
}

export type RouteQualification =
  | { qualified: true; record: QualificationRecord; chosen: string; order: readonly string[] }
  | { qualified: false; record: QualificationRecord | undefined; why: string };

const sameTargets = (route: ResolvedRoute, record: QualificationRecord): boolean => {
  const recorded = new Set(record.targets.map((target) => target.model));
  return recorded.size === route.targets.length && route.targets.every((target) => recorded.has(target.name));
};

/** A route's state from its newest record; only a record of this very target list can order its targets. */
export const qualificationOf = (
  route: ResolvedRoute,
  record: QualificationRecord | undefined,
): RouteQualification => {
  if (record === undefined)
    return { qualified: false, record, why: 'no qualification record; run `yardstick qualify`' };
  if (!sameTargets(route, record)) {
    return {
      qualified: false,
      record,
      why: `its targets changed since the record of ${record.createdAt}; run \`yardstick qualify --if-stale\``,
    };
  }
  if (record.chosen === null)
    return { qualified: false, record, why: `no target passed its suite (record of ${record.createdAt})` };
  return { qualified: true, record, chosen: record.chosen, order: record.order };
};

const describe = (name: string, state: RouteQualification): string =>
  state.qualified
    ? `route ${name}: qualified, serving ${state.order.join(' → ')} (record ${state.record.id} of ${state.record.createdAt})`
    : `route ${name}: unqualified (${state.why}); serving its targets in the listed order`;

export interface RouteQualificationsOptions {
  loaded: LoadedGatewayConfig;
  reader: QualificationReader | undefined;
  log: (line: string) => void;
  /** How often the store is polled; 0 turns polling off. */
  pollMs?: number;
}

/**
 * @example
 * const qualifications = createRouteQualifications({ loaded, reader, log });
 * qualifications.of('faq'); // { qualified: true, chosen, order, record }
 */
export const createRouteQualifications = ({
  loaded,
  reader,
  log,
  pollMs = 2_000,
}: RouteQualificationsOptions) => {
  const routes = [...loaded.routes.values()].filter((route) => route.policy === 'cheapest-passing');
  const states = new Map<string, RouteQualification>();
  let newestId = -1;
  let version = 0;
  let failing = false;

  const read = async (): Promise<void> => {
    let latest: QualificationRecord[] | undefined;
    try {
      const id = (await reader?.newestId()) ?? 0;
      if (id === newestId) return;
      latest = (await reader?.latest()) ?? [];
      newestId = id;
      failing = false;
    } catch (error) {
      // a busy or damaged store: keep serving from what was read last, and say so once
      if (!failing)
        log(`cannot read qualification records: ${(error as Error).message}; keeping the last ones`);
      failing = true;
      return;
    }
    for (const route of routes) {
      const state = qualificationOf(
        route,
        latest.find((record) => record.route === route.name),
      );
      const before = states.get(route.name);
      states.set(route.name, state);
      if (before === undefined || before.record?.id !== state.record?.id) log(describe(route.name, state));
    }
    version += 1;
  };
  // one read at a time: a poll that finds the last one still reading skips its turn
  let reading: Promise<void> | undefined;
  const refresh = (): Promise<void> => {
    if (routes.length === 0) return Promise.resolve();
    reading ??= read().finally(() => {
      reading = undefined;
    });
    return reading;
  };

  const ready = refresh();
  const timer = pollMs > 0 && routes.length > 0 ? setInterval(() => void refresh(), pollMs) : undefined;
  timer?.unref();

  return {
    /** The state of a `cheapest-passing` route; undefined for routes of other policies. */
    of: (route: string): RouteQualification | undefined => states.get(route),
    /** Changes whenever any route's record changed, so a policy rebuilds its order only then. */
    version: () => version,
    /** Resolves once the records were read at start (or could not be: then the routes are unqualified). */
    ready: () => ready,
    refresh,
    /** `yardstick_route_qualified{route}` lines for /metrics. */
    metricsText(): string {
      let text = '';
      for (const [route, state] of states)
        text += `yardstick_route_qualified{route="${route}"} ${state.qualified ? 1 : 0}\n`;
      return text;
    },
    /** For /readyz: each cheapest-passing route, qualified or why not. */
    summary(): Record<string, { qualified: boolean; chosen: string | null; reason: string }> {
      const summary: Record<string, { qualified: boolean; chosen: string | null; reason: string }> = {};
      for (const [route, state] of states) {
        summary[route] = state.qualified
          ? { qualified: true, chosen: state.chosen, reason: `record of ${state.record.createdAt}` }
          : { qualified: false, chosen: null, reason: state.why };
      }
      return summary;
    },
    stop(): void {
      if (timer) clearInterval(timer);
    },
  };
};

export type RouteQualifications = ReturnType<typeof createRouteQualifications>;
