import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { YardstickError } from '../spec/errors.js';
import { openSqliteStores } from '../store/sqlite/open-sqlite.js';
import { loadSuite } from '../suite/load-suite.js';
import { runEval } from './run-eval.js';

const project = (cases: number) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-run-eval-'));
  const tests = Array.from({ length: cases }, (_, index) => `  - vars: { n: ${index} }`).join('\n');
  writeFileSync(
    path.join(dir, 'suite.yaml'),
    `name: unit\nprompts: ["n={{n}}"]\nmodels: ["function:./app.js"]\ntests:\n${tests}\n`,
  );
  // counts its calls in a global the test can read
  writeFileSync(
    path.join(dir, 'app.js'),
    'export default async ({ prompt }) => { globalThis.appCalls = (globalThis.appCalls ?? 0) + 1; await new Promise((r) => setTimeout(r, 5)); return prompt; };\n',
  );
  return dir;
};

describe('runEval', () => {
  it('stops every worker and marks the run failed when the store cannot record a result', async () => {
    const dir = project(40);
    const suite = await loadSuite(path.join(dir, 'suite.yaml'));
    const stores = openSqliteStores(path.join(dir, 'store.db'));
    const store = stores.runs;
    let recorded = 0;
    const recordResults = store.recordResults.bind(store);
    store.recordResults = (results) => {
      recorded += results.length;
      if (recorded >= 3) throw new YardstickError('E_STORE', 'disk full');
      return recordResults(results);
    };
    const globals = globalThis as { appCalls?: number };
    globals.appCalls = 0;
    let runId = '';
    await expect(
      runEval({
        suite,
        store,
        settings: { models: [], repeat: 1, repeatAuto: false, concurrency: 4 },
        cache: undefined,
        context: { env: {}, baseDir: dir },
        abortSignal: new AbortController().signal,
        onEvent: (event) => {
          if (event.type === 'start') runId = event.runId;
        },
      }),
    ).rejects.toThrow('disk full');
    expect((await store.getRun(runId))?.status).toBe('failed');
    // calls already in flight may finish, but no new call starts after the failure
    expect(globals.appCalls).toBeLessThanOrEqual(3 + 4);
    await stores.close();
  });
});
