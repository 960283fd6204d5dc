// Qualification records of cheapest-passing routes in PostgreSQL (one per `yardstick qualify`, newest wins), and
// the two trace counts routing reads: a route's traced volume and how often its cascade escalated.
import type { QualificationStore } from '../contract/qualification-store.js';
import { type RawQualification, toQualification } from '../rows/qualification-rows.js';
import { pageRows } from './page-rows.js';
import type { PgDatabase } from './pg-database.js';

// the call step writes `"cascade":"<outcome>"` into an attempt of the trace's attempts_json (as SQLite reads it)
const checkedPattern = '%"cascade":"%';
const escalatedPattern = '%"cascade":"escalated"%';
const skippedPattern = '%"cascade":"skipped-stream"%';
const recordsPageSize = 200;

export const createPgQualificationStore = (database: PgDatabase): QualificationStore => {
  const { query } = database;
  return {
    async insert(record) {
      const [row] = await query<{ id: number }>(
        `INSERT INTO qualifications (route, created_at, run_id, suite_path, suite_hash, rule_json,
           price_table_version, targets_json, candidates_json, chosen, order_json, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          record.route,
          record.createdAt,
          record.runId,
          record.suitePath,
          record.suiteHash,
          JSON.stringify(record.rule),
          record.priceTableVersion,
          JSON.stringify(record.targets),
          JSON.stringify(record.candidates),
          record.chosen,
          JSON.stringify(record.order),
          record.reason,
        ],
      );
      return row?.id ?? 0;
    },
    async newestId() {
      const [row] = await query<{ id: number | null }>('SELECT MAX(id) AS id FROM qualifications');
      return row?.id ?? 0;
    },
    async latest() {
      const rows = await query<RawQualification>(
        `SELECT q.* FROM qualifications q
         JOIN (SELECT route, MAX(id) AS id FROM qualifications GROUP BY route) newest ON newest.id = q.id
         ORDER BY q.route`,
      );
      return rows.map(toQualification);
    },
    async *iterateRecords() {
      const pages = pageRows<RawQualification>(
        (last) =>
          query('SELECT * FROM qualifications WHERE id > $1 ORDER BY id LIMIT $2', [
            last?.id ?? -1,
            recordsPageSize,
          ]),
        recordsPageSize,
      );
      for await (const row of pages) yield toQualification(row);
    },
    async tracedRequests(route, since) {
      const [row] = await query<{ count: number }>(
        'SELECT COUNT(*) AS count FROM traces WHERE route = $1 AND started_at >= $2',
        [route, since],
      );
      return row?.count ?? 0;
    },
    async cascadeCounts(route, since) {
      const [row] = await query<{ checked: number | null; escalated: number | null }>(
        `SELECT SUM(CASE WHEN attempts_json LIKE $1 AND attempts_json NOT LIKE $2 THEN 1 ELSE 0 END) AS checked,
                SUM(CASE WHEN attempts_json LIKE $3 THEN 1 ELSE 0 END) AS escalated
         FROM traces WHERE route = $4 AND started_at >= $5 AND attempts_json LIKE $1`,
        [checkedPattern, skippedPattern, escalatedPattern, route, since],
      );
      return { checked: row?.checked ?? 0, escalated: row?.escalated ?? 0 };
    },
    close: () => database.close(),
  };
};
