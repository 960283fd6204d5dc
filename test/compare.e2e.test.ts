// End to end: compare two models of a run case by case, with the gate's verdict, numbers and exit code.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, openaiChatCompletion, startFakeServer } from '../src/testing/fake-server.js';
import { makeProject, runCli } from './helpers/run-cli.js';
import { numberOf } from './helpers/suites.js';

const cases = 30;
// against the baseline (wrong on case 29), the candidate regresses on cases 0-7 and fixes 29;
// the close model regresses on 0-1 and fixes 29
const wrong: Record<string, Set<string>> = {
  'model-base': new Set(['29']),
  'model-cand': new Set(['0', '1', '2', '3', '4', '5', '6', '7']),
  'model-close': new Set(['0', '1']),
};

const suite = (baseUrl: string) => {
  const model = (name: string) =>
    `  - id: openai:${name}\n    baseUrl: ${baseUrl}/v1\n    apiKeyEnv: FAKE_KEY\n`;
  const tests = Array.from(
    { length: cases },
    (_, index) =>
      `  - id: case-${index}\n    vars: { n: ${index} }\n    assert: [ { type: contains, value: "answer ${index}" } ]`,
  ).join('\n');
  return `name: compare\nprompts: ["number {{n}}"]\nmodels:\n${model('model-base')}${model('model-cand')}${model('model-close')}tests:\n${tests}\n`;
};

describe('yardstick compare', () => {
  let server: FakeServer;
  let cwd: string;
  let runId: string;
  beforeAll(async () => {
    server = await startFakeServer((request) => {
      const body = request.body as { model: string };
      const n = numberOf(request);
      const bad = wrong[body.model]?.has(n) ?? false;
      return { status: 200, json: openaiChatCompletion({ content: bad ? 'no idea' : `answer ${n}` }) };
    });
    cwd = makeProject({ 'suite.yaml': suite(server.url) });
    const run = await runCli(['eval', 'suite.yaml', '-o', 'run.json'], { cwd, env: { FAKE_KEY: 'k' } });
    runId = /run (\S+): /.exec(run.stderr)?.[1] ?? '';
    expect(runId).not.toBe('');
  });
  afterAll(async () => {
    await server.close();
  });

  it('counts fixed and regressed cases, decides with the Tango score interval, keeps the exact McNemar p, and fails the gate with exit 1', async () => {
    const result = await runCli(
      [
        'compare',
        `${runId}@openai:model-base`,
        `${runId}@openai:model-cand`,
        '--max-drop',
        '0.02',
        '-o',
        'compare.json',
      ],
      { cwd },
    );
    expect(result.code).toBe(1);
    const comparison = JSON.parse(readFileSync(path.join(cwd, 'compare.json'), 'utf8'));
    expect(comparison).toMatchObject({
      pairs: 30,
      regressed: 8,
      fixed: 1,
      stillPassing: 21,
      stillFailing: 0,
      method: 'tango-score',
      decision: 'fail',
      gate: { rule: 'default', maxDrop: 0.02, fired: true },
    });
    // the score statistic (1 − 8)/√9 = −2.33: one-sided p = 0.0098, so the interval ends below zero
    expect(comparison.pWorse).toBeCloseTo(0.009815, 5);
    expect(comparison.diffCi95[1]).toBeLessThan(0);
    // candidate 22/30 vs baseline 29/30
    expect(comparison.diff).toBeCloseTo(-7 / 30, 10);
    // two-sided exact McNemar with 8 vs 1 discordant pairs: 2 * P(X <= 1 | X ~ Bin(9, 0.5)) = 2 * 10/512
    expect(comparison.mcnemarP).toBeCloseTo(20 / 512, 10);
    expect(comparison.diffCi95[0]).toBeLessThan(comparison.diff);
    expect(comparison.diffCi95[1]).toBeGreaterThan(comparison.diff);
    expect(comparison.cases[0]).toMatchObject({ status: 'regressed' });
    expect(result.stdout).toContain('regressed (8):');
    expect(result.stdout).toMatch(
      /fail: .*Tango score interval; one-sided p = 0\.010 for a drop\); the interval lies wholly below zero, .*past the allowed drop of 2\.0 points: the default gate fails/,
    );
    expect(result.stdout).toMatch(/case-0[\s\S]*candidate: no idea/);
  });

  it('passes a drop that is not credible unless non-inferiority is required, and says so in one sentence', async () => {
    const lenient = await runCli(['compare', `${runId}@openai:model-base`, `${runId}@openai:model-close`], {
      cwd,
    });
    // 2 regressed vs 1 fixed: the interval reaches zero, not a credible drop, so the default gate passes ...
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(
      /pass: the candidate's pass rate is 3\.3 points lower .*the interval reaches zero, so the drop is not credible/,
    );
    expect(lenient.stdout).toMatch(
      /With 30 cases and the disagreement seen, a 5-point drop would be found credible with \d+% power; about 291 cases are needed for 80%/,
    );
    // ... while non-inferiority within 2 points cannot be shown
    const strict = await runCli(
      [
        'compare',
        `${runId}@openai:model-base`,
        `${runId}@openai:model-close`,
        '--max-drop',
        '0.02',
        '--require-non-inferiority',
      ],
      { cwd },
    );
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('so non-inferiority is not shown: the non-inferiority gate fails');
  });

  it('compares from a run file as well as from the store, and explains a side with several models', async () => {
    const fromFile = await runCli(['compare', 'run.json@openai:model-base', 'run.json@openai:model-cand'], {
      cwd,
    });
    // the same credible drop as from the store: the default gate (no drop allowed) fails it
    expect(fromFile.code).toBe(1);
    expect(fromFile.stdout).toContain('30 paired cases: 8 regressed, 1 fixed');
    const ambiguous = await runCli(['compare', runId, 'run.json@openai:model-cand'], { cwd });
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain(`has 3 models; name one as ${runId}@<model>`);
  });

  it('plans the cases needed, from a given disagreement or from the disagreement two runs showed', async () => {
    // the exact power of compare's test reaches 80% at 291 cases (Connor's approximation says 312)
    const given = await runCli(['plan', '--detect', '0.05', '--discordance', '0.1', '--json'], { cwd });
    expect(given.code).toBe(0);
    expect(JSON.parse(given.stdout)).toMatchObject({ cases: 291 });

    const fromRuns = await runCli(
      [
        'plan',
        '--detect',
        '0.05',
        '--from',
        `${runId}@openai:model-base`,
        '--from',
        `${runId}@openai:model-close`,
      ],
      { cwd },
    );
    expect(fromRuns.code).toBe(0);
    // base and close disagree on 3 of 30 cases: 10%
    expect(fromRuns.stdout).toMatch(
      /disagree on 10\.0% of cases \(the two disagreed on 10\.0% of 30 cases\): 291 cases \(exact power there: 80\.1%/,
    );

    const missing = await runCli(['plan', '--detect', '0.05'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--discordance');
  });

  it('saves a baseline file to commit, and eval --baseline gates a new run against it', async () => {
    const saved = await runCli(
      ['baseline', 'save', '--run', runId, '--model', 'openai:model-base', '-o', 'baseline.json'],
      {
        cwd,
      },
    );
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain('saved 30 case outcomes of openai:model-base');
    const text = readFileSync(path.join(cwd, 'baseline.json'), 'utf8');
    // one case per line, so a review shows exactly the cases that flipped
    expect(text).toContain('\n    {"prompt":"prompt-1","case":"case-29","repeat":0,"pass":false}');
    expect(JSON.parse(text)).toMatchObject({
      yardstick: 'baseline',
      model: 'openai:model-base',
      suite: 'compare',
    });

    const env = { FAKE_KEY: 'k' };
    const worse = await runCli(
      [
        'eval',
        'suite.yaml',
        '--model',
        'openai:model-cand',
        '--baseline',
        'baseline.json',
        '--max-drop',
        '0.02',
      ],
      { cwd, env },
    );
    expect(worse.code).toBe(1);
    expect(worse.stdout).toContain('30 paired cases: 8 regressed, 1 fixed');
    expect(worse.stdout).toMatch(/fail: .*credibly worse/);

    const close = await runCli(
      [
        'eval',
        'suite.yaml',
        '--model',
        'openai:model-close',
        '--baseline',
        'baseline.json',
        '--max-drop',
        '0.02',
      ],
      { cwd, env },
    );
    // 28/30 passing would fail the default every-case threshold; with a baseline, the gate decides
    expect(close.code).toBe(0);
    expect(close.stdout).toMatch(/pass: .*the drop is not credible/);

    const wrongPath = await runCli(['eval', 'suite.yaml', '--baseline', 'nope.json'], { cwd, env });
    expect(wrongPath.code).toBe(2);
  });

  it('compares run files without creating a store, and names a file that is not a run file', async () => {
    const elsewhere = makeProject({ 'not-a-run.json': '{"hello": 1}' });
    const runFile = path.join(cwd, 'run.json');
    const result = await runCli(
      ['compare', `${runFile}@openai:model-base`, `${runFile}@openai:model-close`],
      {
        cwd: elsewhere,
      },
    );
    expect(result.code).toBe(0);
    expect(existsSync(path.join(elsewhere, '.yardstick'))).toBe(false);

    const bad = await runCli(['compare', 'not-a-run.json', `${runFile}@openai:model-close`], {
      cwd: elsewhere,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not-a-run.json: not a yardstick run or baseline file');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
