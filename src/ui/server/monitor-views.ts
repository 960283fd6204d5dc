// `GET /api/monitors`: per route and model, the monitor's pass rate per time bucket with its interval, the
// qualification reference and drift marks, from the drift test `yardstick monitor` runs (monitor/drift-series.ts).
import type { z } from 'zod';
import { driftSeries } from '../../monitor/drift-series.js';
import type { MonitorsView } from '../api-types.js';
import type { monitorsQuery } from './api-query.js';
import type { UiContext } from './ui-context.js';
import type { UiData } from './ui-data.js';
import { UiRequestError } from './ui-request-error.js';

const bucketMs = { hour: 3_600_000, day: 86_400_000 } as const;
// two days by hour, a month by day: a readable chart, and a few dozen small queries at most
const defaultSpanMs = { hour: 2 * 86_400_000, day: 30 * 86_400_000 } as const;
/** `yardstick monitor`'s margin when the route sets none (and without a gateway config). */
const defaultMaxDrop = 0.05;

export const monitorsView = async (
  data: UiData,
  context: UiContext,
  query: z.output<typeof monitorsQuery>,
): Promise<MonitorsView> => {
  const now = context.now?.() ?? Date.now();
  const until = query.until ?? new Date(now).toISOString();
  const since = query.since ?? new Date(Date.parse(until) - defaultSpanMs[query.bucket]).toISOString();
  if (since >= until)
    throw new UiRequestError('bad_request', `since (${since}) must be before until (${until})`);
  const records = await data.qualificationRecords();
  const series = await driftSeries((window) => data.monitorCounts(window), {
    since,
    until,
    bucketMs: bucketMs[query.bucket],
    route: query.route,
    maxDrop: (route) => context.gateway?.routes.get(route)?.monitor?.maxDrop ?? defaultMaxDrop,
    qualifiedRate: (route, model) =>
      records
        .find((record) => record.route === route)
        ?.candidates.find((candidate) => candidate.model === model)?.passRate ?? undefined,
  });
  return { since, until, bucket: query.bucket, series };
};
