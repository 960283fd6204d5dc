// Migration 2: gateway keys and traces.
import type { Migration } from './migration.js';
import { text } from './migration.js';

export const migration2: Migration = {
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
};
