// End to end: spend projected to the user's volume and the cheapest model meeting the bar.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, openaiChatCompletion, startFakeServer } from '../src/testing/fake-server.js';
import { makeProject, runCli } from './helpers/run-cli.js';
import { numberOf } from './helpers/suites.js';

describe('--volume and the recommendation', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer((request) => ({
      status: 200,
      json: openaiChatCompletion({
        content: `answer ${numberOf(request)}`,
        usage: { prompt_tokens: 1000, completion_tokens: 500 },
      }),
    }));
  });
  afterAll(async () => {
    await server.close();
  });

  it('projects each model to 500000 calls a day and recommends the cheapest credible one', async () => {
    const model = (name: string, input: number, output: number) =>
      `  - id: openai:${name}\n    baseUrl: ${server.url}/v1\n    apiKeyEnv: FAKE_KEY\n    price: { input: ${input}, output: ${output} }\n`;
    const tests = Array.from(
      { length: 12 },
      (_, index) => `  - vars: { n: ${index} }\n    assert: [ { type: contains, value: "answer ${index}" } ]`,
    ).join('\n');
    const suite = `name: decide\nprompts: ["number {{n}}"]\nmodels:\n${model('frontier', 2.5, 10)}${model('small', 0.15, 0.6)}tests:\n${tests}\n`;
    const cwd = makeProject({ 'suite.yaml': suite });
    const result = await runCli(
      ['eval', 'suite.yaml', '--volume', '500000/day', '--threshold', '0.7', '-o', 'run.json'],
      {
        cwd,
        env: { FAKE_KEY: 'k' },
      },
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8'));
    const frontier = report.summary.find((row: { model: string }) => row.model === 'openai:frontier');
    const small = report.summary.find((row: { model: string }) => row.model === 'openai:small');
    // frontier: 1000 x $2.5/M + 500 x $10/M = $0.0075 a case -> $3,750 a day
    expect(frontier.projected.perDayUsd).toBeCloseTo(3750, 6);
    expect(frontier.projected.perMonthUsd).toBeCloseTo(112_500, 6);
    // small: $0.00045 a case -> $225 a day, saving $3,525 a day against the suite's first model
    expect(small.projected.perDayUsd).toBeCloseTo(225, 6);
    expect(small.projected.savingPerDayUsd).toBeCloseTo(3525, 6);
    expect(report.recommendation.model).toBe('openai:small');
    expect(result.stdout).toContain('cost at 500000/day, projected per call:');
    expect(result.stdout).toContain(
      'openai:small: $225/day, $6,750/month, saves $3,525/day against openai:frontier',
    );
    expect(result.stdout).toMatch(
      /recommendation: openai:small is the cheapest model whose pass rate is credibly at least 70\.0%/,
    );
  });

  it('lists a case that passes some repeats and fails others as flaky', async () => {
    let asked = 0;
    const flaky = await startFakeServer((request) => {
      const n = numberOf(request);
      if (n === '0') asked += 1;
      const right = n !== '0' || asked % 2 === 1;
      return { status: 200, json: openaiChatCompletion({ content: right ? `answer ${n}` : 'not sure' }) };
    });
    const tests = Array.from(
      { length: 3 },
      (_, index) =>
        `  - id: case-${index}\n    vars: { n: ${index} }\n    assert: [ { type: contains, value: "answer ${index}" } ]`,
    ).join('\n');
    const suite = `name: flaky\nprompts: ["number {{n}}"]\nmodels:\n  - id: openai:m\n    baseUrl: ${flaky.url}/v1\n    apiKeyEnv: FAKE_KEY\ntests:\n${tests}\n`;
    const cwd = makeProject({ 'suite.yaml': suite });
    const result = await runCli(
      ['eval', 'suite.yaml', '--repeat', '3', '--concurrency', '1', '-o', 'run.json'],
      {
        cwd,
        env: { FAKE_KEY: 'k' },
      },
    );
    expect(result.stdout).toContain('flaky cases (1), passing some repeats and failing others:');
    expect(result.stdout).toContain('openai:m case-0: 2/3 passed');
    const report = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8'));
    expect(report.flaky).toEqual([
      { model: 'openai:m', prompt: 'prompt-1', caseId: 'case-0', passed: 2, repeats: 3 },
    ]);
    await flaky.close();
  });

  it('with repeat auto, repeats only the cases still uncertain and reports the calls saved', async () => {
    const asked = new Map<string, number>();
    const server = await startFakeServer((request) => {
      const n = numberOf(request);
      const count = (asked.get(n) ?? 0) + 1;
      asked.set(n, count);
      // case-0 alternates right and wrong; case-1 is always wrong; the rest are always right
      const right = n === '0' ? count % 2 === 1 : n !== '1';
      return { status: 200, json: openaiChatCompletion({ content: right ? `answer ${n}` : 'not sure' }) };
    });
    const tests = Array.from(
      { length: 20 },
      (_, index) =>
        `  - id: case-${index}\n    vars: { n: ${index} }\n    assert: [ { type: contains, value: "answer ${index}" } ]`,
    ).join('\n');
    const suite = `name: auto\nprompts: ["number {{n}}"]\nmodels:\n  - id: openai:m\n    baseUrl: ${server.url}/v1\n    apiKeyEnv: FAKE_KEY\nrepeat: auto\nmaxRepeats: 6\ntests:\n${tests}\n`;
    const cwd = makeProject({ 'suite.yaml': suite });
    const result = await runCli(
      ['eval', 'suite.yaml', '--no-cache', '--threshold', '0.9', '-o', 'run.json'],
      {
        cwd,
        env: { FAKE_KEY: 'k' },
      },
    );
    expect(result.code).toBe(0);
    // steady cases stop after 4 agreeing repeats; the alternating one runs to the maximum of 6
    expect([...asked.values()].sort((a, b) => a - b)).toEqual([...Array(19).fill(4), 6]);
    expect(asked.get('0')).toBe(6);
    expect(result.stderr).toContain('up to 120 calls over 1 model(s) (repeat auto, at most 6 per case)');
    expect(result.stderr).toContain('round 6: repeating 1 case(s) whose outcome is still uncertain');
    expect(result.stdout).toContain(
      'repeat auto: 82 calls; a fixed --repeat 6 would have made 120 (38 saved, 32%)',
    );
    const report = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8'));
    expect(report.repeats).toEqual({
      mode: 'auto',
      maxRepeats: 6,
      calls: 82,
      fixedCalls: 120,
      savedCalls: 38,
    });
    // 18 steady passes, one steady failure and one case passing half its repeats: (18 + 0.5) / 20
    expect(report.summary[0]).toMatchObject({ cases: 20, results: 82 });
    expect(report.summary[0].passRate).toBeCloseTo(0.925, 10);
    expect(report.flaky).toEqual([
      { model: 'openai:m', prompt: 'prompt-1', caseId: 'case-0', passed: 3, repeats: 6 },
    ]);
    await server.close();
  });
});
