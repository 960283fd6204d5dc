// Monitor samples: the scores of sampled production answers (one row per sampled trace), the counts `monitor`
// compares per route and model, and the failed ones `traces --failed` lists and `capture` turns into tests.
import type BetterSqlite3 from 'better-sqlite3';
import type { MonitorSampleInput, MonitorStore } from '../contract/monitor-store.js';
import { type RawSample, toSample } from '../rows/monitor-rows.js';
import { createQualificationStore } from './qualification-store.js';

export type {
  MonitorCheck,
  MonitorCounts,
  MonitorSampleInput,
  MonitorSampleRow,
  MonitorWindow,
} from '../contract/monitor-store.js';

/** The pass rate the newest qualification record of a route gave a target, read through routing's store. */
const createQualificationReader = (db: BetterSqlite3.Database) => {
  const records = createQualificationStore(db);
  return async (route: string, model: string): Promise<number | undefined> => {
    const record = (await records.latest()).find((candidate) => candidate.route === route);
    const passRate = record?.candidates.find((candidate) => candidate.model === model)?.passRate;
    return passRate ?? undefined;
  };
};

export const createMonitorStore = (db: BetterSqlite3.Database): MonitorStore => {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO monitor_samples (trace_id, started_at, route, model, scored, pass, score,
       not_scored_reason, checks_json, judge_cost_usd, messages_json, output, tool_calls_json, scored_at)
     VALUES (@traceId, @startedAt, @route, @model, @scored, @pass, @score, @notScoredReason, @checksJson,
       @judgeCostUsd, @messagesJson, @output, @toolCallsJson, @scoredAt)`,
  );
  const insertAll = db.transaction((samples: MonitorSampleInput[]) => {
    for (const sample of samples) {
      insert.run({
        traceId: sample.traceId,
        startedAt: sample.startedAt,
        route: sample.route,
        model: sample.model,
        scored: sample.scored ? 1 : 0,
        pass: sample.pass === null ? null : sample.pass ? 1 : 0,
        score: sample.score,
        notScoredReason: sample.notScoredReason,
        checksJson: JSON.stringify(sample.checks),
        judgeCostUsd: sample.judgeCostUsd,
        messagesJson: JSON.stringify(sample.messages),
        output: sample.output,
        toolCallsJson: JSON.stringify(sample.toolCalls),
        scoredAt: sample.scoredAt,
      });
    }
  });
  const counts = db.prepare<
    { since: string; until: string; route: string | null },
    {
      route: string;
      model: string;
      samples: number;
      passed: number;
      not_scored: number;
      judge_cost_usd: number | null;
    }
  >(
    `SELECT route, model, SUM(scored) AS samples, SUM(COALESCE(pass, 0)) AS passed,
       SUM(1 - scored) AS not_scored, SUM(judge_cost_usd) AS judge_cost_usd
     FROM monitor_samples
     WHERE started_at >= @since AND started_at < @until AND (@route IS NULL OR route = @route)
     GROUP BY route, model ORDER BY route, model`,
  );
  const failed = db.prepare<{ since: string; route: string | null; limit: number }, RawSample>(
    `SELECT * FROM monitor_samples WHERE pass = 0 AND started_at >= @since AND (@route IS NULL OR route = @route)
     ORDER BY started_at DESC, trace_id DESC LIMIT @limit`,
  );
  const one = db.prepare<[string], RawSample>('SELECT * FROM monitor_samples WHERE trace_id = ?');
  const all = db.prepare<[], RawSample>('SELECT * FROM monitor_samples ORDER BY started_at, trace_id');
  const count = db.prepare<[], number>('SELECT COUNT(*) FROM monitor_samples').pluck();
  const qualificationPassRate = createQualificationReader(db);
  return {
    async insertSamples(samples) {
      insertAll(samples);
    },
    async countsIn(window) {
      return counts.all({ ...window, route: window.route ?? null }).map((row) => ({
        route: row.route,
        model: row.model,
        samples: row.samples,
        passed: row.passed,
        notScored: row.not_scored,
        judgeCostUsd: row.judge_cost_usd ?? 0,
      }));
    },
    async failed(filter) {
      return failed
        .all({ since: filter.since ?? '', route: filter.route ?? null, limit: filter.limit ?? -1 })
        .map(toSample);
    },
    async sample(traceId) {
      const raw = one.get(traceId);
      return raw === undefined ? undefined : toSample(raw);
    },
    async *iterateSamples() {
      for (const raw of all.iterate()) yield toSample(raw);
    },
    countSamples: async () => count.get() ?? 0,
    qualificationPassRate,
    async close() {
      if (db.open) db.close();
    },
  };
};
