// Fills a store for the UI benchmark straight through SQL in big transactions: runs with results and their
// checks, and gateway traces spread over 30 days, with the mix of routes, keys, models and errors a team has.
import type BetterSqlite3 from 'better-sqlite3';

export interface FillOptions {
  runs: number;
  casesPerRun: number;
  models: readonly string[];
  traces: number;
  /** The newest trace and run start here; older ones go back 30 days. */
  now: Date;
}

const day = 86_400_000;

/** A small deterministic generator, so two fills with the same options are the same store. */
const mulberry = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

export const fillRuns = (db: BetterSqlite3.Database, options: FillOptions): number => {
  const random = mulberry(1);
  const insertRun = db.prepare(
    `INSERT INTO runs (id, suite_name, suite_path, suite_hash, status, started_at, finished_at, config_json, total_planned)
     VALUES (?, ?, 'suite.yaml', 'h', ?, ?, ?, '{"models":[],"repeat":1,"repeatAuto":false,"concurrency":8}', ?)`,
  );
  const insertResult = db.prepare(
    `INSERT INTO results (run_id, prompt_id, model_id, test_id, repeat, pass, score, output, latency_ms, cost_usd,
       input_tokens, output_tokens, cache_hit, created_at)
     VALUES (?, 'ask', ?, ?, 0, ?, ?, ?, ?, ?, 800, 200, 0, ?)`,
  );
  const insertCheck = db.prepare(
    `INSERT INTO assertion_results (result_id, idx, type, pass, score, weight, reason) VALUES (?, 0, 'contains', ?, ?, 1, ?)`,
  );
  const suites = ['flight-faq', 'support-agent', 'json-extraction', 'summaries'];
  let results = 0;
  const perRun = options.models.length * options.casesPerRun;
  const batch = Math.max(1, Math.floor(50_000 / perRun));
  for (let first = 0; first < options.runs; first += batch) {
    db.transaction(() => {
      for (let index = first; index < Math.min(options.runs, first + batch); index += 1) {
        const startedAt = new Date(
          options.now.getTime() - ((options.runs - index) / options.runs) * 30 * day,
        );
        const id = `bench-${String(index).padStart(5, '0')}`;
        const status = index % 50 === 7 ? 'aborted' : 'completed';
        insertRun.run(
          id,
          suites[index % suites.length],
          status,
          startedAt.toISOString(),
          startedAt.toISOString(),
          perRun,
        );
        options.models.forEach((model, modelIndex) => {
          const skill = 0.95 - modelIndex * 0.12;
          for (let n = 0; n < options.casesPerRun; n += 1) {
            const pass = random() < skill ? 1 : 0;
            const row = insertResult.run(
              id,
              model,
              `case-${String(n).padStart(4, '0')}`,
              pass,
              pass,
              pass ? `answer ${n}` : `wrong ${n}`,
              200 + modelIndex * 150 + random() * 400,
              0.002 / (modelIndex + 1),
              startedAt.toISOString(),
            );
            insertCheck.run(
              row.lastInsertRowid,
              pass,
              pass,
              pass ? 'found' : `expected output to contain "answer ${n}"`,
            );
            results += 1;
          }
        });
      }
    })();
  }
  return results;
};

export const fillTraces = (db: BetterSqlite3.Database, options: FillOptions): void => {
  const random = mulberry(2);
  const insert = db.prepare(
    `INSERT INTO traces (id, started_at, key_id, key_name, route, requested_model, endpoint, stream, status, provider,
       model, error_code, attempts_json, input_tokens, output_tokens, cost_usd, latency_ms, cache_hit)
     VALUES (?, ?, ?, ?, ?, ?, '/v1/chat/completions', 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  const keys = ['team-a', 'team-b', 'team-c', 'batch-jobs', 'ci'];
  // a rare route: its first page must come from its index, not from scanning past a million others
  const routes = ['summarize', 'summarize', 'summarize', 'classify', 'classify', 'extract', 'translate'];
  const targets = [
    ['openai', 'gpt-4o-mini'],
    ['anthropic', 'claude-haiku-4-5'],
    ['local', 'qwen2.5-7b-instruct'],
  ] as const;
  const span = 30 * day;
  const start = options.now.getTime() - span;
  const batch = 100_000;
  for (let first = 0; first < options.traces; first += batch) {
    db.transaction(() => {
      for (let index = first; index < Math.min(options.traces, first + batch); index += 1) {
        const at = new Date(start + (index / options.traces) * span).toISOString();
        const key = keys[index % keys.length] ?? 'ci';
        const route = index % 1000 === 999 ? 'rare-route' : (routes[index % routes.length] ?? 'summarize');
        const [provider, model] = targets[index % targets.length] ?? targets[0];
        const roll = random();
        const status = roll < 0.02 ? 429 : roll < 0.03 ? 502 : 200;
        const attempts = JSON.stringify([{ provider, model, status, latencyMs: 300, error: null }]);
        insert.run(
          `tr-${String(index).padStart(8, '0')}`,
          at,
          `id-${key}`,
          key,
          route,
          route,
          status,
          provider,
          model,
          status === 200 ? null : status === 429 ? 'rate_limited' : 'upstream_error',
          attempts,
          900,
          150,
          status === 200 ? 0.0004 : null,
          200 + random() * 900,
        );
      }
    })();
  }
};

/** The gateway keys the traces name, with budgets (the hash is a placeholder: no key can be derived from it). */
export const fillKeys = (db: BetterSqlite3.Database, now: Date): void => {
  const insert = db.prepare(
    `INSERT INTO api_keys (id, name, secret_sha256, created_at, budget_usd, budget_period) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const budgets: Array<[string, number | null, 'day' | 'month' | null]> = [
    ['team-a', 5, 'day'],
    ['team-b', 100, 'month'],
    ['team-c', 2, 'day'],
    ['batch-jobs', null, null],
    ['ci', 1, 'day'],
  ];
  const createdAt = new Date(now.getTime() - 60 * day).toISOString();
  for (const [name, usd, period] of budgets)
    insert.run(`id-${name}`, name, '0'.repeat(64), createdAt, usd, period);
};
