// End to end: llm-rubric through a judge served by the fake server, and a judge without a key.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeServer,
  openaiChatCompletion,
  type RecordedRequest,
  startFakeServer,
} from '../src/testing/fake-server.js';
import { makeProject, runCli } from './helpers/run-cli.js';

const suite = (baseUrl: string, judge: string) => `name: judged
prompts:
  - "Say something about {{topic}}"
models:
  - id: openai:model-under-test
    baseUrl: ${baseUrl}/v1
    apiKeyEnv: FAKE_KEY
    price: { input: 1, output: 1 }
judge: ${judge}
tests:
  - id: polite
    vars: { topic: manners }
    assert:
      - { type: contains, value: "said" }
      - { type: llm-rubric, value: "is polite" }
`;

const isJudgeCall = (request: RecordedRequest): boolean => JSON.stringify(request.body).includes('rubric');

describe('model-graded assertions', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer((request) => ({
      status: 200,
      json: openaiChatCompletion({
        content: isJudgeCall(request)
          ? '{"reason": "it is rude", "pass": false, "score": 0.1}'
          : 'I said something',
        usage: { prompt_tokens: 100, completion_tokens: 10 },
      }),
    }));
  });
  afterAll(async () => {
    await server.close();
  });

  it('fails a case on the judge verdict, with its reason, and counts judge spend apart', async () => {
    const judge = `{ id: "openai:judge-model", baseUrl: "${server.url}/v1", apiKeyEnv: FAKE_KEY, price: { input: 10, output: 10 } }`;
    const cwd = makeProject({ 'suite.yaml': suite(server.url, judge) });
    const result = await runCli(['eval', 'suite.yaml', '-o', 'run.json'], { cwd, env: { FAKE_KEY: 'k' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('llm-rubric');
    expect(result.stdout).toContain('it is rude');
    const report = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8'));
    expect(report.results[0].assertions[1]).toMatchObject({ type: 'llm-rubric', pass: false });
    // 110 tokens at $1/M for the model; 110 tokens at $10/M for the judge, kept apart
    expect(report.summary[0].costUsd).toBeCloseTo(0.00011, 10);
    expect(report.summary[0].judgeCostUsd).toBeCloseTo(0.0011, 10);
    const judgeRequest = server.requests.find(isJudgeCall);
    expect(judgeRequest?.body).toMatchObject({ model: 'judge-model' });
  });

  it('says the rubric was not checked when the judge has no key, and does not fail the case for it', async () => {
    const cwd = makeProject({ 'suite.yaml': suite(server.url, 'anthropic:claude-haiku-4-5') });
    const result = await runCli(['eval', 'suite.yaml', '-o', 'run.json'], { cwd, env: { FAKE_KEY: 'k' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /1 llm-rubric assertion\(s\) not checked and left out of the scores: judge anthropic:claude-haiku-4-5 unavailable: ANTHROPIC_API_KEY is not set/,
    );
    const report = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8'));
    expect(report.results[0].assertions[1]).toMatchObject({ type: 'llm-rubric', skipped: true });
    expect(report.skippedAssertions[0]).toMatchObject({ type: 'llm-rubric', count: 1 });
  });
});
