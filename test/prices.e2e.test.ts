// End to end on the built CLI: `prices` lists, `--stale` gates CI, `prices update` imports a file or a URL, and a
// run prices its calls from the override file.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, openaiChatCompletion, startFakeServer } from '../src/testing/fake-server.js';
import { makeProject, runCli } from './helpers/run-cli.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../src/pricing/__fixtures__/${name}`, import.meta.url), 'utf8');
const today = new Date().toISOString().slice(0, 10);

interface ListedRow {
  provider: string;
  model: string;
  input: number;
  output: number;
  date: string;
  source: string;
  origin: string;
  retired: string | true | null;
}

describe('yardstick prices', () => {
  it('lists every price with its date and source, retired models marked', async () => {
    const result = await runCli(['prices'], { cwd: makeProject({}) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^provider\s+model\s+input\s+cached\s+output\s+write 5m\s+write 1h/);
    expect(result.stdout).toMatch(/openai\s+gpt-4o-2024-05-13\s+5\s+-\s+15\s/);
    expect(result.stdout).toMatch(
      /anthropic\s+claude-opus-4\s.*retired 2026-06-15\s+\d{4}-\d{2}-\d{2}\s+https:\/\//,
    );
    expect(result.stdout).toMatch(/google\s+gemini-2\.5-pro\s.*>200K: 2\.5\/15/);
    expect(result.stdout).toMatch(/\n\d+ prices, USD per 1M tokens; version [0-9a-f]{16}\n$/);
  });

  it('prints the documented JSON for one provider', async () => {
    const result = await runCli(['prices', '--provider', 'anthropic', '--json'], { cwd: makeProject({}) });
    expect(result.code).toBe(0);
    const listing = JSON.parse(result.stdout);
    expect(Object.keys(listing)).toEqual(['version', 'overrides', 'staleBefore', 'rows']);
    const rows = listing.rows as ListedRow[];
    expect(rows.every((row) => row.provider === 'anthropic' && row.origin === 'bundled')).toBe(true);
    expect(rows.find((row) => row.model === 'claude-sonnet-4-6')).toMatchObject({
      input: 3,
      cachedInput: 0.3,
      cacheWrite: 3.75,
      cacheWrite1h: 6,
      output: 15,
      tiers: [],
      retired: null,
    });
  });

  it('--stale lists only the rows read before that day and exits 1 when there are any', async () => {
    const cwd = makeProject({});
    const stale = await runCli(['prices', '--stale', '2026-01-01', '--json'], { cwd });
    expect(stale.code).toBe(1);
    const rows = JSON.parse(stale.stdout).rows as ListedRow[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.date < '2026-01-01')).toBe(true);
    const text = await runCli(['prices', '--stale', '2026-01-01'], { cwd });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/\d+ prices were read before 2026-01-01: check them/);
    const none = await runCli(['prices', '--stale', '2000-01-01'], { cwd });
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('no price was read before 2000-01-01\n');
    const wrong = await runCli(['prices', '--stale', 'soon'], { cwd });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--stale takes 90d, 12h or a date; got "soon"/);
  });

  it('update --from a LiteLLM file writes the override file, reports changes, and prices come from it', async () => {
    const cwd = makeProject({ 'litellm.json': fixture('litellm-prices.json') });
    const update = await runCli(['prices', 'update', '--from', 'litellm.json'], { cwd });
    expect(update.stderr).toBe('');
    expect(update.code).toBe(0);
    expect(update.stdout).toMatch(/^read 9 prices from file:\/\/\S+\/litellm\.json \(litellm format\)/);
    expect(update.stdout).toContain(
      'anthropic:claude-sonnet-4-20250514: tiers changed (was bundled 2026-07-29)',
    );
    expect(update.stdout).toContain(
      'left out: 2 providers yardstick does not price; 1 audio_speech models (not priced per token); 1 image_generation models (not priced per token)',
    );
    expect(update.stdout).toMatch(
      /wrote \S+\/\.yardstick\/prices\.json \(9 prices\); price table version [0-9a-f]{16}/,
    );

    const file = JSON.parse(readFileSync(path.join(cwd, '.yardstick/prices.json'), 'utf8'));
    expect(file).toMatchObject({ version: 1, imports: [{ format: 'litellm', models: 9 }] });
    expect(file.hash).toMatch(/^[0-9a-f]{64}$/);

    const listed = await runCli(['prices', '--provider', 'google', '--json'], { cwd });
    const pro = (JSON.parse(listed.stdout).rows as ListedRow[]).find((row) => row.model === 'gemini-2.5-pro');
    expect(pro).toMatchObject({
      origin: 'override',
      date: today,
      source: expect.stringMatching(/^file:\/\//),
    });
    const table = await runCli(['prices', '--provider', 'google'], { cwd });
    expect(table.stdout).toMatch(/gemini-2\.5-pro \*/);
    expect(table.stdout).toMatch(/\* from \S+prices\.json \(9 prices, updated /);
  });

  it('update --from a malformed file exits 2 naming the entry and writes nothing', async () => {
    const bad = JSON.parse(fixture('litellm-prices.json'));
    bad['claude-opus-4-5'].output_cost_per_token = 'lots';
    const cwd = makeProject({ 'bad.json': JSON.stringify(bad) });
    const result = await runCli(['prices', 'update', '--from', 'bad.json'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /error \[E_CONFIG\]: LiteLLM price list: entry "claude-opus-4-5": output_cost_per_token/,
    );
    expect(existsSync(path.join(cwd, '.yardstick/prices.json'))).toBe(false);
  });

  it('refuses to list with a damaged override file, naming the row', async () => {
    const cwd = makeProject({ 'litellm.json': fixture('litellm-prices.json') });
    await runCli(['prices', 'update', '--from', 'litellm.json'], { cwd });
    const filePath = path.join(cwd, '.yardstick/prices.json');
    const file = JSON.parse(readFileSync(filePath, 'utf8'));
    file.entries[0].input = -1;
    writeFileSync(filePath, JSON.stringify(file));
    const result = await runCli(['prices'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/prices\.json: entries\.0\.input \(anthropic:claude-opus-4-1-20250805\)/);
  });
});

describe('yardstick prices update --from a URL, and a run priced from the override file', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('fetches OpenRouter models JSON over HTTP and records the URL as the source', async () => {
    server.respondWith({ status: 200, json: JSON.parse(fixture('openrouter-models.json')) });
    const cwd = makeProject({});
    const result = await runCli(['prices', 'update', '--from', `${server.url}/api/v1/models?key=secret`], {
      cwd,
    });
    expect(result.code).toBe(0);
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', path: '/api/v1/models?key=secret' });
    expect(result.stdout).toContain(
      'openrouter:google/gemini-2.5-flash: cachedInput 0.03 → 0.075, cacheWrite - → 0.3833 (was bundled 2025-10-15)',
    );
    const text = readFileSync(path.join(cwd, '.yardstick/prices.json'), 'utf8');
    expect(text).toContain(`"source": "${server.url}/api/v1/models"`);
    expect(text).not.toContain('secret');
  });

  it('eval prices its calls from the override file, before the bundled table, and warns of a retired model', async () => {
    server.respondWith({
      status: 200,
      json: openaiChatCompletion({
        content: 'answer',
        usage: { prompt_tokens: 1000, completion_tokens: 500 },
      }),
    });
    const override = {
      'groq/llama-3.3-70b-versatile': {
        litellm_provider: 'groq',
        mode: 'chat',
        input_cost_per_token: 1e-6,
        output_cost_per_token: 2e-6,
      },
    };
    const suite = `name: priced
prompts:
  - id: ask
    messages: [ { role: user, content: "question {{n}}" } ]
models:
  - id: groq:llama-3.3-70b-versatile
    baseUrl: ${server.url}/v1
    apiKeyEnv: FAKE_KEY
  - id: deepseek:deepseek-chat
    baseUrl: ${server.url}/v1
    apiKeyEnv: FAKE_KEY
tests:
  - { vars: { n: 1 }, assert: [ { type: contains, value: answer } ] }
  - { vars: { n: 2 }, assert: [ { type: contains, value: answer } ] }
`;
    const cwd = makeProject({ 'suite.yaml': suite, 'groq.json': JSON.stringify(override) });
    const env = { FAKE_KEY: 'sk-test' };
    const costOf = (file: string, model: string): number => {
      const report = JSON.parse(readFileSync(path.join(cwd, file), 'utf8'));
      return report.summary.find((row: { model: string }) => row.model === model).costUsd;
    };

    const bundled = await runCli(['eval', 'suite.yaml', '-o', 'bundled.json'], { cwd, env });
    expect(bundled.code).toBe(0);
    expect(bundled.stderr).toContain(
      'warning: deepseek:deepseek-chat was retired by its provider on 2026-07-24; calls to it will likely fail',
    );
    // 2 calls of 1000 input tokens at $0.59/M and 500 output tokens at $0.79/M
    expect(costOf('bundled.json', 'groq:llama-3.3-70b-versatile')).toBeCloseTo((2 * (590 + 395)) / 1e6, 12);

    const update = await runCli(['prices', 'update', '--from', 'groq.json'], { cwd });
    expect(update.stdout).toContain(
      'groq:llama-3.3-70b-versatile: input 0.59 → 1, output 0.79 → 2 (was bundled',
    );
    const priced = await runCli(['eval', 'suite.yaml', '--no-cache', '-o', 'override.json'], { cwd, env });
    expect(priced.code).toBe(0);
    // the same calls at the override's $1/M input and $2/M output
    expect(costOf('override.json', 'groq:llama-3.3-70b-versatile')).toBeCloseTo(
      (2 * (1000 + 1000)) / 1e6,
      12,
    );
    expect(costOf('override.json', 'deepseek:deepseek-chat')).toBeCloseTo((2 * (280 + 210)) / 1e6, 12);
  });
});
