import { afterAll, describe, expect, it } from 'vitest';
import { fakeContext } from './__fixtures__/fake-context.js';
import { closeCheckThreads } from './check-threads.js';
import { javascript } from './javascript.js';

const context = fakeContext({ output: 'Hello there', vars: { maxLength: 20 } });

describe('javascript', () => {
  afterAll(closeCheckThreads);
  it('evaluates an inline expression', async () => {
    expect(
      await javascript({ type: 'javascript', value: 'output.length < context.vars.maxLength' }, context),
    ).toMatchObject({
      pass: true,
      score: 1,
    });
    expect(
      await javascript({ type: 'javascript', value: 'output.startsWith("Bye")' }, context),
    ).toMatchObject({
      pass: false,
      score: 0,
    });
  });
  it('runs a function body when the code has a return statement', async () => {
    const value =
      'const words = output.split(" ");\nreturn { pass: words.length === 2, reason: words.length + " words" };';
    expect(await javascript({ type: 'javascript', value }, context)).toEqual({
      pass: true,
      score: 1,
      reason: '2 words',
    });
  });
  it('reads a number as a score that passes at 0.5', async () => {
    expect(await javascript({ type: 'javascript', value: '0.5' }, context)).toMatchObject({
      pass: true,
      score: 0.5,
    });
    expect(await javascript({ type: 'javascript', value: '0.4' }, context)).toMatchObject({
      pass: false,
      score: 0.4,
    });
    expect(await javascript({ type: 'javascript', value: '7' }, context)).toMatchObject({
      pass: true,
      score: 1,
    });
  });
  it('awaits async checks', async () => {
    const value = 'await new Promise((done) => setTimeout(done, 1)); return output.includes("there")';
    expect(await javascript({ type: 'javascript', value }, context)).toMatchObject({ pass: true });
  });
  it('loads the default export of a file relative to the suite', async () => {
    expect(await javascript({ type: 'javascript', file: './check-length.mjs' }, context)).toEqual({
      pass: true,
      score: 1,
      reason: 'length 11',
    });
  });
  it('throws when the user code throws, returns nonsense or is missing', async () => {
    await expect(javascript({ type: 'javascript', value: 'output.nope.deeper' }, context)).rejects.toThrow(
      /^javascript threw: /,
    );
    await expect(javascript({ type: 'javascript', value: '"yes"' }, context)).rejects.toThrow(
      /returned string/,
    );
    await expect(javascript({ type: 'javascript', value: 'output ===' }, context)).rejects.toThrow(
      /does not compile/,
    );
    await expect(javascript({ type: 'javascript' }, context)).rejects.toThrow(/needs `value`/);
  });
  it('fails a check that calls process.exit(), inline or from a file, and the process goes on', async () => {
    await expect(javascript({ type: 'javascript', value: 'process.exit(0)' }, context)).rejects.toMatchObject(
      {
        code: 'E_USER_CODE',
        message: expect.stringContaining('called process.exit(0)'),
      },
    );
    await expect(javascript({ type: 'javascript', file: './exits.mjs' }, context)).rejects.toMatchObject({
      code: 'E_USER_CODE',
      message: expect.stringContaining('called process.exit(0)'),
    });
    expect(await javascript({ type: 'javascript', value: 'true' }, context)).toMatchObject({ pass: true });
  });
  it('gives up a check that loops or never settles at its timeoutMs', async () => {
    for (const value of ['for (;;) {} return true', 'return new Promise(() => {})']) {
      const started = performance.now();
      await expect(javascript({ type: 'javascript', value, timeoutMs: 200 }, context)).rejects.toThrow(
        /did not finish within 200 ms/,
      );
      expect(performance.now() - started).toBeLessThan(3000);
    }
  });
  it('refuses a check file that is not a regular file', async () => {
    await expect(javascript({ type: 'javascript', file: '/dev/zero' }, context)).rejects.toThrow(
      /not a regular file/,
    );
  });
});
