// Migration 5: monitor samples: scored production answers.
import type { Migration } from './migration.js';
import { text } from './migration.js';

export const migration5: Migration = {
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
};
