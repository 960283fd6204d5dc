// Qualification records of `cheapest-passing` routes (one per `yardstick qualify` of a route, newest wins), and
// the two trace counts routing reads: a route's traced volume and how often its cascade escalated.
import type BetterSqlite3 from 'better-sqlite3';
import type { QualificationStore } from '../contract/qualification-store.js';
import { type RawQualification, toQualification } from '../rows/qualification-rows.js';

export type {
  NewQualification,
  QualificationCandidate,
  QualificationRecord,
  QualificationRule,
  QualifiedTarget,
} from '../contract/qualification-store.js';

// the call step writes `"cascade":"<outcome>"` into an attempt of the trace's attempts_json
const checkedPattern = '%"cascade":"%';
const escalatedPattern = '%"cascade":"escalated"%';
const skippedPattern = '%"cascade":"skipped-stream"%';

export const createQualificationStore = (db: BetterSqlite3.Database): QualificationStore => {
  const statements = {
    insert: db.prepare(
      `INSERT INTO qualifications (route, created_at, run_id, suite_path, suite_hash, rule_json,
         price_table_version, targets_json, candidates_json, chosen, order_json, reason)
       VALUES (@route, @createdAt, @runId, @suitePath, @suiteHash, @ruleJson, @priceTableVersion,
         @targetsJson, @candidatesJson, @chosen, @orderJson, @reason)`,
    ),
    newestId: db.prepare<[], number | null>('SELECT MAX(id) FROM qualifications').pluck(),
    all: db.prepare<[], RawQualification>('SELECT * FROM qualifications ORDER BY id'),
    latest: db.prepare<[], RawQualification>(
      `SELECT q.* FROM qualifications q
       JOIN (SELECT route, MAX(id) AS id FROM qualifications GROUP BY route) newest ON newest.id = q.id
       ORDER BY q.route`,
    ),
    traced: db
      .prepare<[string, string], number>('SELECT COUNT(*) FROM traces WHERE route = ? AND started_at >= ?')
      .pluck(),
    cascade: db.prepare<
      [string, string, string, string, string, string],
      { checked: number | null; escalated: number | null }
    >(
      `SELECT SUM(CASE WHEN attempts_json LIKE ? AND attempts_json NOT LIKE ? THEN 1 ELSE 0 END) AS checked,
              SUM(CASE WHEN attempts_json LIKE ? THEN 1 ELSE 0 END) AS escalated
       FROM traces WHERE route = ? AND started_at >= ? AND attempts_json LIKE ?`,
    ),
  };
  return {
    async insert(record) {
      const { rule, targets, candidates, order, ...rest } = record;
      const result = statements.insert.run({
        ...rest,
        ruleJson: JSON.stringify(rule),
        targetsJson: JSON.stringify(targets),
        candidatesJson: JSON.stringify(candidates),
        orderJson: JSON.stringify(order),
      });
      return Number(result.lastInsertRowid);
    },
    newestId: async () => statements.newestId.get() ?? 0,
    latest: async () => statements.latest.all().map(toQualification),
    async *iterateRecords() {
      for (const raw of statements.all.iterate()) yield toQualification(raw);
    },
    tracedRequests: async (route, since) => statements.traced.get(route, since) ?? 0,
    async cascadeCounts(route, since) {
      const row = statements.cascade.get(
        checkedPattern,
        skippedPattern,
        escalatedPattern,
        route,
        since,
        checkedPattern,
      );
      return { checked: row?.checked ?? 0, escalated: row?.escalated ?? 0 };
    },
    async close() {
      if (db.open) db.close();
    },
  };
};
