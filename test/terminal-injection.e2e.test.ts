// End to end on the built CLI: escape sequences hidden in a suite, a model's answer, a judge's reason, an upstream
// error or user code never reach the terminal; the tool's own colours still do (issue 8 row 8).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeServer,
  openaiChatCompletion,
  type RecordedRequest,
  startFakeServer,
} from '../src/testing/fake-server.js';
import { type CliResult, makeProject, runCli } from './helpers/run-cli.js';

/** Retitles the window, then clears the screen. */
const hostile = '\u001b]0;pwned\u0007\u001b[2J';
/** The same in a YAML double-quoted string. */
const inYaml = '\\e]0;pwned\\a\\e[2J';
const visible = '␛]0;pwned␇␛[2J';

const isJudgeCall = (request: RecordedRequest): boolean => JSON.stringify(request.body).includes('rubric');

const suite = (baseUrl: string) => `name: "suite ${inYaml}"
prompts: ["{{question}}"]
models:
  - id: "function:./model.js"
    label: "label ${inYaml}"
  - id: "function:./throws.js"
    label: thrower
  - id: openai:upstream-model
    baseUrl: ${baseUrl}/v1
    apiKeyEnv: FAKE_KEY
    options: { maxRetries: 1 }
  - id: "openai:keyless ${inYaml}"
    apiKeyEnv: NOT_SET_KEY
judge: { id: openai:judge, baseUrl: "${baseUrl}/v1", apiKeyEnv: FAKE_KEY }
tests:
  - id: "case ${inYaml}"
    vars: { question: hi }
    assert:
      - { type: llm-rubric, value: "is fine" }
      - { type: javascript, value: "({ pass: false, reason: 'js says \\u001b]0;pwned\\u0007' })" }
  - id: "plain ${inYaml}"
    vars: { question: plain }
`;

const files = (baseUrl: string) => ({
  'suite.yaml': suite(baseUrl),
  'model.js': `export default () => ${JSON.stringify(`answer ${hostile}`)};\n`,
  'throws.js': `export default () => { throw new Error(${JSON.stringify(`function says ${hostile}`)}); };\n`,
});

const printed = (result: CliResult): string => `${result.stdout}${result.stderr}`;
const controlBytes = (text: string): string[] =>
  [...text].filter((character) => character === '\u0007' || character === '\u001b');

describe('hostile text on the terminal', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer((request) =>
      isJudgeCall(request)
        ? {
            status: 200,
            json: openaiChatCompletion({
              content: JSON.stringify({ pass: false, reason: `judge says ${hostile}` }),
            }),
          }
        : { status: 500, json: { error: { message: `upstream says ${hostile}` } } },
    );
  });
  afterAll(async () => {
    await server.close();
  });

  it('eval, runs and compare print no ESC or BEL byte with colours off, and show them as visible marks', async () => {
    const cwd = makeProject(files(server.url));
    const env = { FAKE_KEY: 'k' };
    const evaluated = await runCli(['eval', 'suite.yaml', '--no-cache'], { cwd, env });
    expect(evaluated.code).toBe(1);
    const runId = /run (\S+): /.exec(evaluated.stderr)?.[1] ?? '';
    for (const from of [
      'suite',
      'label',
      'case',
      'plain',
      'judge says',
      'js says',
      'function says',
      'upstream says',
    ]) {
      expect(printed(evaluated)).toContain(`${from} ${from === 'js says' ? '␛]0;pwned␇' : visible}`);
    }
    expect(evaluated.stderr).toContain(`skipped openai:keyless ${visible}`);
    expect(evaluated.stderr).toMatch(/retry openai:upstream-model in \d+ ms: .*upstream says ␛/);

    const runs = await runCli(['runs'], { cwd, env });
    expect(runs.stdout).toContain(`suite ${visible}`);
    const compared = await runCli(['compare', `${runId}@label ${hostile}`, `${runId}@thrower`], { cwd, env });
    expect(compared.stdout).toContain(`label ${visible}`);
    expect(compared.stdout).toContain(`plain ${visible}`);
    const unknown = await runCli([`pwn${hostile}`], { cwd, env });
    expect(unknown.code).toBe(2);
    const missing = await runCli(['eval', `missing${hostile}.yaml`], { cwd, env });
    expect(missing.stderr).toContain(`missing${visible}.yaml`);

    for (const result of [evaluated, runs, compared, unknown, missing])
      expect(controlBytes(printed(result))).toEqual([]);
  });

  it('with colours on, the only escape sequences are the tool’s own SGR colours', async () => {
    const cwd = makeProject(files(server.url));
    const evaluated = await runCli(['eval', 'suite.yaml', '--no-cache'], {
      cwd,
      env: { FAKE_KEY: 'k', NO_COLOR: '', FORCE_COLOR: '1' },
    });
    const output = printed(evaluated);
    const sequences = output.split('\u001b').slice(1);
    expect(sequences.length).toBeGreaterThan(0);
    for (const after of sequences) expect(after).toMatch(/^\[(1|2|22|31|32|33|39)m/);
    expect(output).not.toContain('\u0007');
    expect(output).toContain(`judge says ${visible}`);
  });
});
