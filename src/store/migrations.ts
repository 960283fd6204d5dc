// Versioned schema migrations for both engines from one ordered list (one file per migration in migrations/): each
// keeps its version and description and gives its SQL once when both engines take the same text, or per engine.
// SQLite applies them in sqlite/migrate-sqlite.ts (the version in PRAGMA user_version), PostgreSQL in
// postgres/migrate-postgres.ts (a table); each migration runs in its own transaction.

import { migration1 } from './migrations/0001-runs-and-results.js';
import { migration2 } from './migrations/0002-gateway-keys-and-traces.js';
import { migration3 } from './migrations/0003-paged-indexes.js';
import { migration4 } from './migrations/0004-qualifications.js';
import { migration5 } from './migrations/0005-monitor-samples.js';
import type { Migration } from './migrations/migration.js';

export const migrations: readonly Migration[] = [migration1, migration2, migration3, migration4, migration5];
