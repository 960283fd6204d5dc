// The gateway endpoints' answers: a page of traces, one trace, and spend per key or route over time against the
// keys' budgets. Only names, ids and figures leave the store: never a key's hash, never a provider key.
import type { z } from 'zod';
import type { KeyBudget, SpendSeries, SpendView, TracesPage, TraceView } from '../api-types.js';
import type { spendQuery, tracesQuery } from './api-query.js';
import { decodeTimeCursor, encodeTimeCursor, nextCursorOf } from './cursor.js';
import type { UiData } from './ui-data.js';
import { UiRequestError } from './ui-request-error.js';

export const tracesPage = async (data: UiData, query: z.output<typeof tracesQuery>): Promise<TracesPage> => {
  const traces = await data.tracesPage({
    route: query.route,
    keyName: query.key,
    model: query.model,
    status: query.status,
    monitorFailed: query.monitor === 'failed',
    since: query.since,
    until: query.until,
    after: query.cursor === undefined ? undefined : decodeTimeCursor(query.cursor),
    limit: query.limit,
  });
  return { traces, nextCursor: nextCursorOf(traces, query.limit, encodeTimeCursor) };
};

export const traceView = async (data: UiData, id: string): Promise<TraceView> => {
  const trace = await data.trace(id);
  if (!trace) throw new UiRequestError('not_found', `no trace "${id}" in the store`);
  const { keyId: _keyId, requestJson, responseJson, ...shown } = trace;
  return { ...shown, requestBody: requestJson, responseBody: responseJson };
};

/** The start of the budget period `at` falls in: the UTC day or month, as the gateway charges budgets. */
export const budgetPeriodStart = (period: 'day' | 'month', at: Date): string =>
  new Date(
    Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), period === 'day' ? at.getUTCDate() : 1),
  ).toISOString();

// a spend query reads every trace of its range: over millions, a week by day and two days by hour stay quick
const defaultSpanMs = { hour: 2 * 86_400_000, day: 7 * 86_400_000 } as const;

export const spendView = async (
  data: UiData,
  query: z.output<typeof spendQuery>,
  now = new Date(),
): Promise<SpendView> => {
  const until = query.until ?? now.toISOString();
  const since = query.since ?? new Date(Date.parse(until) - defaultSpanMs[query.bucket]).toISOString();
  if (since >= until)
    throw new UiRequestError('bad_request', `since (${since}) must be before until (${until})`);
  const rows = await data.spendBuckets({ by: query.by, bucket: query.bucket, since, until });
  const series = new Map<string | null, SpendSeries>();
  for (const row of rows) {
    let entry = series.get(row.group);
    if (!entry) {
      entry = { group: row.group, totalUsd: 0, requests: 0, buckets: [] };
      series.set(row.group, entry);
    }
    entry.totalUsd += row.costUsd;
    entry.requests += row.requests;
    entry.buckets.push({
      bucket: row.bucket,
      costUsd: row.costUsd,
      requests: row.requests,
      unpriced: row.unpriced,
    });
  }
  const budgets: KeyBudget[] = [];
  for (const key of await data.keys()) {
    const status =
      key.revokedAt !== null
        ? 'revoked'
        : key.expiresAt !== null && key.expiresAt <= now.toISOString()
          ? 'expired'
          : 'active';
    const periodStart = key.budgetPeriod === null ? null : budgetPeriodStart(key.budgetPeriod, now);
    budgets.push({
      ...key,
      status,
      periodStart,
      spentThisPeriodUsd: periodStart === null ? null : await data.spendSince(key.id, periodStart),
    });
  }
  return {
    by: query.by,
    bucket: query.bucket,
    since,
    until,
    series: [...series.values()].sort((a, b) => b.totalUsd - a.totalUsd),
    budgets,
  };
};
