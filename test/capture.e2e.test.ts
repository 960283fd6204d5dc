// End to end: a bad production answer becomes a regression case. The monitor fails a trace; `capture` appends it
// (whole conversation, id from the trace) to tests/regressions.jsonl, a second capture changes nothing, and an
// eval of a suite that includes the file fails the case for the model that answered badly and passes it for a
// good one, having sent both the captured conversation.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStores } from '../src/store/sqlite/open-sqlite.js';
import { openaiChatCompletion, type RecordedRequest, startFakeServer } from '../src/testing/fake-server.js';
import { makeProject, runCli } from './helpers/run-cli.js';
import { askRoute, serveGateway } from './helpers/serve-gateway.js';

const badAnswer = 'I am not sure, please contact the airline.';

const suiteYaml = (badUrl: string, goodUrl: string) => `name: regressions
prompts: ["{{question}}"]
models:
  - { id: openai:gpt-4o-mini, label: bad, baseUrl: ${badUrl}/v1, apiKeyEnv: FAKE_KEY, options: { maxRetries: 0 } }
  - { id: openai:gpt-4o, label: good, baseUrl: ${goodUrl}/v1, apiKeyEnv: FAKE_KEY, options: { maxRetries: 0 } }
tests:
  - file: tests/regressions.jsonl
`;

const messagesOf = (request: RecordedRequest | undefined) =>
  (request?.body as { messages: unknown } | undefined)?.messages;

describe('capture', () => {
  it('turns a failed trace into a case that fails for the same model and passes for a good one', async () => {
    const bad = await startFakeServer({ status: 200, json: openaiChatCompletion({ content: badAnswer }) });
    const good = await startFakeServer({
      status: 200,
      json: openaiChatCompletion({ content: 'You may check two bags of 23 kg each.' }),
    });
    const cwd = makeProject({
      'gateway.yaml':
        `providers:\n  up: { type: openai, baseUrl: ${bad.url}/v1, apiKeyEnv: UP_KEY }\n` +
        'routes:\n  faq:\n    targets: [{ model: up:gpt-4o-mini }]\n    monitor:\n      sample: 1\n' +
        '      assert:\n        - { type: contains, value: "not sure", not: true }\n',
      'suite.yaml': suiteYaml(bad.url, good.url),
    });
    const gateway = await serveGateway(cwd, { UP_KEY: 'sk-up' });
    expect(await askRoute(gateway, 'faq', 'How many bags may I check on a flight to Lisbon?')).toBe(
      badAnswer,
    );
    expect(await gateway.stop()).toBe(0);
    const store = openSqliteStores(gateway.db).monitor;
    const [failed] = await store.failed({});
    await store.close();
    expect(failed).toBeDefined();
    const traceId = failed?.traceId as string;
    const listed = await runCli(['traces', '--failed', '--db', gateway.db], { cwd });
    expect(listed.stdout).toContain(traceId);

    const capture = () =>
      runCli(
        [
          'capture',
          traceId,
          '--to',
          'tests/regressions.jsonl',
          '--expect',
          'not-contains:"not sure"',
          '--db',
          gateway.db,
        ],
        {
          cwd,
        },
      );
    const first = await capture();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('appended 1 case(s) to tests/regressions.jsonl');
    const file = path.join(cwd, 'tests/regressions.jsonl');
    const written = readFileSync(file, 'utf8');
    const [entry] = written
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(entry).toMatchObject({
      id: `trace-${traceId}`,
      vars: { route: 'faq' },
      messages: [
        { role: 'system', content: 'You answer questions about baggage for Acme Air.' },
        { role: 'user', content: 'How many bags may I check on a flight to Lisbon?' },
      ],
      assert: [{ type: 'contains', value: 'not sure', not: true }],
    });
    // capturing the same trace again is a no-op: the file is not rewritten or grown
    const again = await capture();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('is already in tests/regressions.jsonl');
    expect(readFileSync(file, 'utf8')).toBe(written);

    const evaluated = await runCli(['eval', 'suite.yaml', '-o', 'run.json', '--no-cache'], {
      cwd,
      env: { FAKE_KEY: 'k' },
    });
    expect(evaluated.stderr).toContain('2/2 done, 1 failed, 0 errors');
    const report = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8'));
    const outcome = (model: string) =>
      report.results.find(
        (result: { model: string; testId?: string; test?: string }) => result.model === model,
      );
    expect(outcome('bad')).toMatchObject({ pass: false });
    expect(outcome('good')).toMatchObject({ pass: true });
    expect(evaluated.code).toBe(1);
    // both models were sent the captured conversation, not the suite's prompt
    const conversation = entry.messages;
    expect(messagesOf(bad.requests.at(-1))).toEqual(conversation);
    expect(messagesOf(good.requests.at(-1))).toEqual(conversation);
    await bad.close();
    await good.close();
  }, 60_000);

  it('marks a case captured without assertions for review, and refuses an unknown trace id', async () => {
    const upstream = await startFakeServer({
      status: 200,
      json: openaiChatCompletion({ content: 'Two bags.' }),
    });
    const cwd = makeProject({
      'gateway.yaml':
        `providers:\n  up: { type: openai, baseUrl: ${upstream.url}/v1, apiKeyEnv: UP_KEY }\n` +
        'routes:\n  faq:\n    targets: [{ model: up:gpt-4o-mini }]\n    capture: true\n',
    });
    const gateway = await serveGateway(cwd, { UP_KEY: 'sk-up' });
    await askRoute(gateway, 'faq', 'bags?');
    expect(await gateway.stop()).toBe(0);
    const listed = await runCli(['traces', '--output', 'all.jsonl', '--db', gateway.db], { cwd });
    expect(listed.code).toBe(0);
    const trace = JSON.parse(readFileSync(path.join(cwd, 'all.jsonl'), 'utf8').trim());
    const captured = await runCli(['capture', trace.id, '--to', 'regressions.jsonl', '--db', gateway.db], {
      cwd,
    });
    expect(captured.code).toBe(0);
    expect(captured.stdout).toContain('(no assertions: marked for review)');
    const entry = JSON.parse(readFileSync(path.join(cwd, 'regressions.jsonl'), 'utf8'));
    expect(entry.description).toMatch(/^needs review: captured from trace /);
    expect(entry.assert).toBeUndefined();
    expect(entry.messages.at(-1)).toEqual({ role: 'user', content: 'bags?' });
    // the next eval shows what each model answers to it
    writeFileSync(
      path.join(cwd, 'suite.yaml'),
      `name: review\nprompts: ["{{q}}"]\nmodels:\n  - { id: openai:m, baseUrl: ${upstream.url}/v1, apiKeyEnv: FAKE_KEY }\ntests:\n  - file: regressions.jsonl\n`,
    );
    const evaluated = await runCli(['eval', 'suite.yaml', '--no-cache'], { cwd, env: { FAKE_KEY: 'k' } });
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toContain('to review (captured cases without assertions, 1):');
    expect(evaluated.stdout).toContain(`openai:m trace-${trace.id}: "Two bags."`);

    const unknown = await runCli(
      ['capture', 'chatcmpl-nope', '--to', 'regressions.jsonl', '--db', gateway.db],
      {
        cwd,
      },
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no trace chatcmpl-nope in the store');
    await upstream.close();
  }, 30_000);
});
