// Monitor samples in PostgreSQL: the scores of sampled production answers (one row per sampled trace, a sample
// written twice is kept once), the counts `monitor` compares per route and model, and the failed ones.
import type { MonitorSampleInput, MonitorStore } from '../contract/monitor-store.js';
import type { QualificationStore } from '../contract/qualification-store.js';
import { type RawSample, toSample } from '../rows/monitor-rows.js';
import { pageRows } from './page-rows.js';
import { type PgDatabase, type SqlValue, storableText } from './pg-database.js';
import { unnestInsert } from './record-results.js';

type SampleColumn = readonly [name: string, type: string, value: (sample: MonitorSampleInput) => SqlValue];

const sampleColumns: SampleColumn[] = [
  ['trace_id', 'text', (sample) => sample.traceId],
  ['started_at', 'text', (sample) => sample.startedAt],
  ['route', 'text', (sample) => sample.route],
  ['model', 'text', (sample) => sample.model],
  ['scored', 'int2', (sample) => (sample.scored ? 1 : 0)],
  ['pass', 'int2', (sample) => (sample.pass === null ? null : sample.pass ? 1 : 0)],
  ['score', 'float8', (sample) => sample.score],
  ['not_scored_reason', 'text', (sample) => storableText(sample.notScoredReason)],
  ['checks_json', 'text', (sample) => JSON.stringify(sample.checks)],
  ['judge_cost_usd', 'float8', (sample) => sample.judgeCostUsd],
  ['messages_json', 'text', (sample) => JSON.stringify(sample.messages)],
  ['output', 'text', (sample) => storableText(sample.output)],
  ['tool_calls_json', 'text', (sample) => JSON.stringify(sample.toolCalls)],
  ['scored_at', 'text', (sample) => sample.scoredAt],
];

const insertSql = `${unnestInsert('monitor_samples', sampleColumns)} ON CONFLICT (trace_id) DO NOTHING`;
const samplesPageSize = 500;

export const createPgMonitorStore = (
  database: PgDatabase,
  qualifications: QualificationStore,
): MonitorStore => {
  const { query } = database;
  return {
    async insertSamples(samples) {
      if (samples.length === 0) return;
      await query(
        insertSql,
        sampleColumns.map(([, , value]) => samples.map((sample) => value(sample) as string | number | null)),
      );
    },
    async countsIn(window) {
      const rows = await query<{
        route: string;
        model: string;
        samples: number;
        passed: number;
        not_scored: number;
        judge_cost_usd: number | null;
      }>(
        `SELECT route, model, SUM(scored) AS samples, SUM(COALESCE(pass, 0)) AS passed,
           SUM(1 - scored) AS not_scored, SUM(judge_cost_usd) AS judge_cost_usd
         FROM monitor_samples
         WHERE started_at >= $1 AND started_at < $2 AND ($3::text IS NULL OR route = $3)
         GROUP BY route, model ORDER BY route, model`,
        [window.since, window.until, window.route ?? null],
      );
      return rows.map((row) => ({
        route: row.route,
        model: row.model,
        samples: row.samples,
        passed: row.passed,
        notScored: row.not_scored,
        judgeCostUsd: row.judge_cost_usd ?? 0,
      }));
    },
    async failed(filter) {
      const rows = await query<RawSample>(
        `SELECT * FROM monitor_samples
         WHERE pass = 0 AND started_at >= $1 AND ($2::text IS NULL OR route = $2)
         ORDER BY started_at DESC, trace_id DESC LIMIT $3`,
        [filter.since ?? '', filter.route ?? null, filter.limit ?? null],
      );
      return rows.map(toSample);
    },
    async sample(traceId) {
      const [raw] = await query<RawSample>('SELECT * FROM monitor_samples WHERE trace_id = $1', [traceId]);
      return raw === undefined ? undefined : toSample(raw);
    },
    async *iterateSamples() {
      const pages = pageRows<RawSample>(
        (last) =>
          last === undefined
            ? query('SELECT * FROM monitor_samples ORDER BY started_at, trace_id LIMIT $1', [samplesPageSize])
            : query(
                `SELECT * FROM monitor_samples WHERE (started_at, trace_id) > ($1, $2)
                 ORDER BY started_at, trace_id LIMIT $3`,
                [last.started_at, last.trace_id, samplesPageSize],
              ),
        samplesPageSize,
      );
      for await (const row of pages) yield toSample(row);
    },
    async countSamples() {
      const [row] = await query<{ count: number }>('SELECT COUNT(*) AS count FROM monitor_samples');
      return row?.count ?? 0;
    },
    async qualificationPassRate(route, model) {
      const record = (await qualifications.latest()).find((candidate) => candidate.route === route);
      return record?.candidates.find((candidate) => candidate.model === model)?.passRate ?? undefined;
    },
    close: () => database.close(),
  };
};
