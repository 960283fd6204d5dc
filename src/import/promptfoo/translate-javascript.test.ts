import { describe, expect, it } from 'vitest';
import { fakeContext } from '../../assertions/__fixtures__/fake-context.js';
import { javascript } from '../../assertions/javascript.js';
import { containsJsonCheck, toFunctionBody, translateJavascript } from './translate-javascript.js';

/** Runs a promptfoo check through yardstick's own javascript assertion, as the imported suite would. */
const verdict = async (
  code: string,
  output: string,
  threshold?: number,
  vars: Record<string, unknown> = {},
) => {
  const { code: value } = translateJavascript(code, threshold);
  return (await javascript({ type: 'javascript', value }, fakeContext({ output, vars }))).pass;
};

describe('promptfoo javascript checks in yardstick', () => {
  it('builds the function body as promptfoo does', () => {
    expect(toFunctionBody('output.length > 3;;')).toBe('return output.length > 3');
    expect(toFunctionBody("const s = output; s === 'a;b'")).toBe("const s = output; return s === 'a;b'");
    expect(toFunctionBody('const x = 1')).toBe('const x = 1');
    expect(toFunctionBody('const a = 1;\nreturn a;\n')).toBe('const a = 1;\nreturn a;');
  });

  it('passes a number above 0 (yardstick alone would need 0.5), and fails 0', async () => {
    expect(await verdict('output.length / 100', 'abc')).toBe(true);
    expect(await verdict('output.length', '')).toBe(false);
  });

  it("compares a number with the assertion's threshold", async () => {
    expect(await verdict('output.length / 10', 'abc', 0.5)).toBe(false);
    expect(await verdict('output.length / 10', 'abcdef', 0.5)).toBe(true);
  });

  it('keeps booleans, returned objects, statements and context.vars', async () => {
    expect(await verdict("output.includes('x')", 'xyz')).toBe(true);
    expect(await verdict('const n = output.length; n === 3', 'xyz')).toBe(true);
    expect(
      await verdict('const long = output.length > 10;\nreturn { pass: long, score: 0.4 };\n', 'short'),
    ).toBe(false);
    expect(
      await verdict('const long = output.length > 1;\nreturn { pass: long, score: 0.4 };\n', 'short'),
    ).toBe(true);
    expect(await verdict('output === context.vars.expected', 'Ada', undefined, { expected: 'Ada' })).toBe(
      true,
    );
  });

  it('fails a one-line `return …` as promptfoo does (it prepends another return)', async () => {
    await expect(verdict('return true;\n', 'x')).rejects.toThrow(/does not compile/);
  });

  it('names the promptfoo context fields a yardstick check lacks', () => {
    expect(translateJavascript('context.prompt.includes(output)', undefined).missingField).toBe('prompt');
    expect(translateJavascript('context.vars.x === output', undefined).missingField).toBeUndefined();
  });
});

describe('the contains-json check', () => {
  const containsJson = async (output: string) =>
    (await javascript({ type: 'javascript', value: containsJsonCheck }, fakeContext({ output }))).pass;

  it('finds a balanced object that parses, as promptfoo does', async () => {
    expect(await containsJson('Here: {"a": {"b": 1}} done')).toBe(true);
    expect(await containsJson('{not json} then {"ok": true}')).toBe(true);
    expect(await containsJson('no braces')).toBe(false);
    expect(await containsJson('[1, 2]')).toBe(false);
  });

  it('finds nothing in an output of unbalanced braces', async () => {
    expect(await containsJson(`${'{'.repeat(2_000)}x`)).toBe(false);
  });
});
