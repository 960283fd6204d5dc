// Migration 3: indexes for the paged, filtered lists of `yardstick ui`.
import type { Migration } from './migration.js';

export const migration3: Migration = {
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
};
