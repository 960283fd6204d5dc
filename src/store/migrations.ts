// Versioned schema migrations for both engines from one ordered list: each keeps its version and description and
// gives its SQL once when both engines take the same text, or per engine. SQLite keeps the applied version in
// PRAGMA user_version (postgres/migrate-postgres.ts keeps it in a table); each migration runs in its own
// transaction so a failure leaves the previous version intact.
import type BetterSqlite3 from 'better-sqlite3';
import { YardstickError } from '../spec/errors.js';
import type { StoreEngine } from './contract/stores.js';

export interface Migration {
  version: number;
  description: string;
  /** One text for both engines, or one per engine. */
  sql: string | Readonly<Record<StoreEngine, string>>;
}

/** The SQL a migration runs on an engine. */
export const migrationSql = (migration: Migration, engine: StoreEngine): string =>
  typeof migration.sql === 'string' ? migration.sql : migration.sql[engine];

/** Checks the list is numbered 1, 2, 3… as both engines' version bookkeeping assumes. */
export const checkNumbering = (list: readonly Migration[]): void => {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1)
      throw new Error(`migrations must be numbered 1, 2, 3…; got ${migration.version}`);
  });
};

// PostgreSQL text compares by the database's collation unless told otherwise; "C" compares bytes as SQLite's
// BINARY does, so ids, names and ISO times sort (and page by cursor) the same on both engines.
const text = 'TEXT COLLATE "C"';

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, results, calls, assertion results, skipped models',
    sql: {
      sqlite: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        suite_name TEXT NOT NULL,
        suite_path TEXT NOT NULL,
        suite_hash TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'aborted', 'failed')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        config_json TEXT NOT NULL,
        total_planned INTEGER NOT NULL,
        owner_pid INTEGER,
        heartbeat_at TEXT
      ) STRICT;
      CREATE INDEX runs_started_at ON runs (started_at);

      CREATE TABLE results (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        prompt_id TEXT NOT NULL,
        model_id TEXT NOT NULL,
        test_id TEXT NOT NULL,
        repeat INTEGER NOT NULL,
        pass INTEGER CHECK (pass IN (0, 1)),
        score REAL,
        output TEXT,
        tool_calls_json TEXT,
        error_code TEXT,
        error_message TEXT,
        latency_ms REAL,
        ttft_ms REAL,
        cost_usd REAL,
        judge_cost_usd REAL,
        input_tokens INTEGER,
        output_tokens INTEGER,
        cached_input_tokens INTEGER,
        cache_write_input_tokens INTEGER,
        reasoning_tokens INTEGER,
        cache_hit INTEGER NOT NULL DEFAULT 0,
        request_hash TEXT,
        finish_reason TEXT,
        finish_reason_raw TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (run_id, prompt_id, model_id, test_id, repeat)
      ) STRICT;
      CREATE INDEX results_latency ON results (run_id, model_id, prompt_id, latency_ms);

      CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        result_id INTEGER REFERENCES results (id) ON DELETE CASCADE,
        model_id TEXT NOT NULL,
        request_hash TEXT,
        attempts INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
        error_code TEXT,
        latency_ms REAL,
        ttft_ms REAL,
        input_tokens INTEGER,
        output_tokens INTEGER,
        cached_input_tokens INTEGER,
        cache_write_input_tokens INTEGER,
        reasoning_tokens INTEGER,
        cost_usd REAL,
        cache_hit INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX calls_run ON calls (run_id);
      CREATE INDEX calls_result ON calls (result_id);

      CREATE TABLE assertion_results (
        result_id INTEGER NOT NULL REFERENCES results (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        type TEXT NOT NULL,
        label TEXT,
        pass INTEGER NOT NULL CHECK (pass IN (0, 1)),
        score REAL NOT NULL,
        weight REAL NOT NULL,
        reason TEXT NOT NULL,
        judge_cost_usd REAL,
        skipped INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
        PRIMARY KEY (result_id, idx)
      ) STRICT;

      CREATE TABLE skipped_models (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        model_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (run_id, model_id)
      ) STRICT;
    `,
      postgres: `
      CREATE TABLE runs (
        id ${text} PRIMARY KEY,
        suite_name ${text} NOT NULL,
        suite_path TEXT NOT NULL,
        suite_hash TEXT NOT NULL,
        status ${text} NOT NULL CHECK (status IN ('running', 'completed', 'aborted', 'failed')),
        started_at ${text} NOT NULL,
        finished_at ${text},
        config_json TEXT NOT NULL,
        total_planned INTEGER NOT NULL,
        owner_pid INTEGER,
        heartbeat_at ${text}
      );
      CREATE INDEX runs_started_at ON runs (started_at);

      CREATE TABLE results (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        run_id ${text} NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        prompt_id ${text} NOT NULL,
        model_id ${text} NOT NULL,
        test_id ${text} NOT NULL,
        repeat INTEGER NOT NULL,
        pass SMALLINT CHECK (pass IN (0, 1)),
        score DOUBLE PRECISION,
        output TEXT,
        tool_calls_json TEXT,
        error_code TEXT,
        error_message TEXT,
        latency_ms DOUBLE PRECISION,
        ttft_ms DOUBLE PRECISION,
        cost_usd DOUBLE PRECISION,
        judge_cost_usd DOUBLE PRECISION,
        input_tokens BIGINT,
        output_tokens BIGINT,
        cached_input_tokens BIGINT,
        cache_write_input_tokens BIGINT,
        reasoning_tokens BIGINT,
        cache_hit SMALLINT NOT NULL DEFAULT 0,
        request_hash TEXT,
        finish_reason TEXT,
        finish_reason_raw TEXT,
        created_at ${text} NOT NULL,
        -- the same key as SQLite's, its columns in the order results are read: the index serves the keyset pages
        UNIQUE (run_id, model_id, prompt_id, test_id, repeat)
      );
      CREATE INDEX results_latency ON results (run_id, model_id, prompt_id, latency_ms);
      -- a run's results by id: the pages of iterateAssertions
      CREATE INDEX results_run_id ON results (run_id, id);

      CREATE TABLE calls (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        run_id ${text} NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        result_id BIGINT REFERENCES results (id) ON DELETE CASCADE,
        model_id ${text} NOT NULL,
        request_hash TEXT,
        attempts INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
        error_code TEXT,
        latency_ms DOUBLE PRECISION,
        ttft_ms DOUBLE PRECISION,
        input_tokens BIGINT,
        output_tokens BIGINT,
        cached_input_tokens BIGINT,
        cache_write_input_tokens BIGINT,
        reasoning_tokens BIGINT,
        cost_usd DOUBLE PRECISION,
        cache_hit SMALLINT NOT NULL DEFAULT 0,
        created_at ${text} NOT NULL
      );
      CREATE INDEX calls_run ON calls (run_id);
      CREATE INDEX calls_result ON calls (result_id);

      CREATE TABLE assertion_results (
        result_id BIGINT NOT NULL REFERENCES results (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        type ${text} NOT NULL,
        label TEXT,
        pass SMALLINT NOT NULL CHECK (pass IN (0, 1)),
        score DOUBLE PRECISION NOT NULL,
        weight DOUBLE PRECISION NOT NULL,
        reason ${text} NOT NULL,
        judge_cost_usd DOUBLE PRECISION,
        skipped SMALLINT NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
        PRIMARY KEY (result_id, idx)
      );

      CREATE TABLE skipped_models (
        run_id ${text} NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        model_id ${text} NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (run_id, model_id)
      );
    `,
    },
  },
  {
    version: 2,
    description: 'gateway keys and traces',
    sql: {
      sqlite: `
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        secret_sha256 TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT,
        revoked_at TEXT,
        budget_usd REAL,
        budget_period TEXT CHECK (budget_period IN ('day', 'month')),
        rpm INTEGER,
        tpm INTEGER,
        routes_json TEXT
      ) STRICT;
      CREATE INDEX api_keys_name ON api_keys (name);
      CREATE TABLE traces (
        id TEXT PRIMARY KEY,
        started_at TEXT NOT NULL,
        key_id TEXT,
        key_name TEXT,
        route TEXT,
        requested_model TEXT,
        endpoint TEXT NOT NULL,
        stream INTEGER NOT NULL,
        status INTEGER NOT NULL,
        provider TEXT,
        model TEXT,
        error_code TEXT,
        error_message TEXT,
        attempts_json TEXT NOT NULL,
        input_tokens INTEGER,
        cached_input_tokens INTEGER,
        output_tokens INTEGER,
        reasoning_tokens INTEGER,
        cost_usd REAL,
        ttft_ms REAL,
        latency_ms REAL NOT NULL,
        cache_hit INTEGER NOT NULL,
        request_json TEXT,
        response_json TEXT
      ) STRICT;
      CREATE INDEX traces_started_at ON traces (started_at);
      CREATE INDEX traces_key ON traces (key_id, started_at);
    `,
      postgres: `
      CREATE TABLE api_keys (
        id ${text} PRIMARY KEY,
        name ${text} NOT NULL,
        secret_sha256 TEXT NOT NULL,
        created_at ${text} NOT NULL,
        expires_at ${text},
        revoked_at ${text},
        budget_usd DOUBLE PRECISION,
        budget_period TEXT CHECK (budget_period IN ('day', 'month')),
        rpm BIGINT,
        tpm BIGINT,
        routes_json TEXT
      );
      CREATE INDEX api_keys_name ON api_keys (name);
      -- bumped in the transaction of every key insert and revoke, by any replica: keysVersion reads it
      CREATE TABLE key_version (
        id SMALLINT PRIMARY KEY CHECK (id = 1),
        version BIGINT NOT NULL
      );
      INSERT INTO key_version (id, version) VALUES (1, 0);
      CREATE TABLE traces (
        id ${text} PRIMARY KEY,
        started_at ${text} NOT NULL,
        key_id ${text},
        key_name ${text},
        route ${text},
        requested_model ${text},
        endpoint TEXT NOT NULL,
        stream SMALLINT NOT NULL,
        status INTEGER NOT NULL,
        provider ${text},
        model ${text},
        error_code TEXT,
        error_message TEXT,
        attempts_json TEXT NOT NULL,
        input_tokens BIGINT,
        cached_input_tokens BIGINT,
        output_tokens BIGINT,
        reasoning_tokens BIGINT,
        cost_usd DOUBLE PRECISION,
        ttft_ms DOUBLE PRECISION,
        latency_ms DOUBLE PRECISION NOT NULL,
        cache_hit SMALLINT NOT NULL,
        request_json TEXT,
        response_json TEXT
      );
      CREATE INDEX traces_started_at ON traces (started_at);
      CREATE INDEX traces_key ON traces (key_id, started_at);
    `,
    },
  },
  {
    version: 3,
    description: 'indexes for the paged, filtered lists of `yardstick ui`',
    // Each list is read newest first by (started_at, id), a page at a time from a cursor: one index per filter
    // lets the first page of a filtered list read only its own rows, whatever the table's size.
    sql: `
      DROP INDEX runs_started_at;
      CREATE INDEX runs_started ON runs (started_at, id);
      CREATE INDEX runs_suite ON runs (suite_name, started_at, id);
      CREATE INDEX results_run_case ON results (run_id, test_id);
      DROP INDEX traces_started_at;
      CREATE INDEX traces_started ON traces (started_at, id);
      CREATE INDEX traces_route ON traces (route, started_at, id);
      CREATE INDEX traces_key_name ON traces (key_name, started_at, id);
      CREATE INDEX traces_model ON traces (model, started_at, id);
      CREATE INDEX traces_errors ON traces (started_at, id) WHERE status >= 400;
    `,
  },
  {
    version: 4,
    description: 'qualification records of cheapest-passing routes',
    // One row per `yardstick qualify` of a route; the gateway serves from the newest row of each route.
    sql: {
      sqlite: `
      CREATE TABLE qualifications (
        id INTEGER PRIMARY KEY,
        route TEXT NOT NULL,
        created_at TEXT NOT NULL,
        run_id TEXT NOT NULL,
        suite_path TEXT NOT NULL,
        suite_hash TEXT NOT NULL,
        rule_json TEXT NOT NULL,
        price_table_version TEXT NOT NULL,
        targets_json TEXT NOT NULL,
        candidates_json TEXT NOT NULL,
        chosen TEXT,
        order_json TEXT NOT NULL,
        reason TEXT NOT NULL
      ) STRICT;
      CREATE INDEX qualifications_route ON qualifications (route, id);
    `,
      postgres: `
      CREATE TABLE qualifications (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        route ${text} NOT NULL,
        created_at ${text} NOT NULL,
        run_id ${text} NOT NULL,
        suite_path TEXT NOT NULL,
        suite_hash TEXT NOT NULL,
        rule_json TEXT NOT NULL,
        price_table_version TEXT NOT NULL,
        targets_json TEXT NOT NULL,
        candidates_json TEXT NOT NULL,
        chosen TEXT,
        order_json TEXT NOT NULL,
        reason TEXT NOT NULL
      );
      CREATE INDEX qualifications_route ON qualifications (route, id);
    `,
    },
  },
  {
    version: 5,
    description: 'monitor samples: scored production answers',
    // One row per sampled request of a monitored route, keyed by its trace id; it keeps the (redacted) bodies
    // the checks and `capture` need, even when the route does not capture bodies in its traces.
    sql: {
      sqlite: `
      CREATE TABLE monitor_samples (
        trace_id TEXT PRIMARY KEY,
        started_at TEXT NOT NULL,
        route TEXT NOT NULL,
        model TEXT NOT NULL,
        scored INTEGER NOT NULL CHECK (scored IN (0, 1)),
        pass INTEGER CHECK (pass IN (0, 1)),
        score REAL,
        not_scored_reason TEXT,
        checks_json TEXT NOT NULL,
        judge_cost_usd REAL,
        messages_json TEXT NOT NULL,
        output TEXT NOT NULL,
        tool_calls_json TEXT NOT NULL,
        scored_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX monitor_samples_route ON monitor_samples (route, started_at);
      CREATE INDEX monitor_samples_started ON monitor_samples (started_at);
      CREATE INDEX monitor_samples_failed ON monitor_samples (started_at) WHERE pass = 0;
    `,
      postgres: `
      CREATE TABLE monitor_samples (
        trace_id ${text} PRIMARY KEY,
        started_at ${text} NOT NULL,
        route ${text} NOT NULL,
        model ${text} NOT NULL,
        scored SMALLINT NOT NULL CHECK (scored IN (0, 1)),
        pass SMALLINT CHECK (pass IN (0, 1)),
        score DOUBLE PRECISION,
        not_scored_reason TEXT,
        checks_json TEXT NOT NULL,
        judge_cost_usd DOUBLE PRECISION,
        messages_json TEXT NOT NULL,
        output TEXT NOT NULL,
        tool_calls_json TEXT NOT NULL,
        scored_at ${text} NOT NULL
      );
      CREATE INDEX monitor_samples_route ON monitor_samples (route, started_at);
      CREATE INDEX monitor_samples_started ON monitor_samples (started_at);
      CREATE INDEX monitor_samples_failed ON monitor_samples (started_at) WHERE pass = 0;
    `,
    },
  },
];

const userVersion = (db: BetterSqlite3.Database): number => {
  const value: unknown = db.pragma('user_version', { simple: true });
  return typeof value === 'number' ? value : 0;
};

/** Brings the database up to the newest migration; returns the schema version it ends at. */
export const migrate = (db: BetterSqlite3.Database, list: readonly Migration[] = migrations): number => {
  checkNumbering(list);
  const latest = list.length;
  const current = userVersion(db);
  if (current > latest) {
    throw new YardstickError(
      'E_STORE',
      `the results database has schema version ${current} but this yardstick knows only ${latest}; upgrade yardstick`,
    );
  }
  const apply = db.transaction((migration: Migration): void => {
    // another process may have migrated between our read and taking the write lock
    if (userVersion(db) >= migration.version) return;
    db.exec(migrationSql(migration, 'sqlite'));
    db.pragma(`user_version = ${migration.version}`);
  });
  for (const migration of list) {
    if (migration.version > current) apply.immediate(migration);
  }
  return userVersion(db);
};
