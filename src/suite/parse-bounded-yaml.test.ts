import { describe, expect, it } from 'vitest';
import { maxAliases, maxNestingDepth, parseBoundedYaml, toBoundedValue } from './parse-bounded-yaml.js';

const nested = (depth: number): string => `{"d":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

/** A "billion laughs" text: `levels` anchors, each a list of nine aliases of the one before. */
const laughs = (levels: number): string => {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let level = 1; level < levels; level++) {
    lines.push(
      `a${level}: &a${level} [${Array(9)
        .fill(`*a${level - 1}`)
        .join(', ')}]`,
    );
  }
  return `${lines.join('\n')}\n`;
};

const readValue = (text: string) => {
  const parsed = parseBoundedYaml(text);
  if (!parsed.ok) return parsed;
  return toBoundedValue(parsed);
};

describe('parseBoundedYaml', () => {
  it(`accepts ${maxNestingDepth} levels and refuses one more, at the offset of the first level too deep`, () => {
    expect(readValue(nested(maxNestingDepth))).toMatchObject({ ok: true });
    const refused = parseBoundedYaml(nested(maxNestingDepth + 1));
    expect(refused).toMatchObject({ ok: false, offset: 5 + maxNestingDepth - 1 });
    expect(refused.ok ? '' : refused.message).toContain(`at most ${maxNestingDepth} levels`);
  });

  it('refuses 100,000 levels of flow lists and 20,000 of block lists without overflowing the stack', () => {
    expect(parseBoundedYaml(nested(100_000))).toMatchObject({ ok: false });
    expect(parseBoundedYaml(`${'- '.repeat(20_000)}x\n`)).toMatchObject({ ok: false, offset: 200 });
    let indented = '';
    for (let level = 0; level < 300; level++) indented += `${' '.repeat(level)}k${level}:\n`;
    expect(parseBoundedYaml(indented)).toMatchObject({ ok: false });
  });

  it('reports syntax problems in document.errors as yaml does, and a second document as one', () => {
    const broken = parseBoundedYaml('a: [1, 2\n');
    expect(broken.ok && broken.document.errors.length).toBeGreaterThan(0);
    const two = parseBoundedYaml('a: 1\n---\nb: 2\n');
    expect(two.ok && two.document.errors.map((error) => error.code)).toEqual(['MULTIPLE_DOCS']);
    expect(parseBoundedYaml('a: 1\na: 2\n')).toMatchObject({ ok: true });
    const duplicate = parseBoundedYaml('a: 1\na: 2\n');
    expect(duplicate.ok && duplicate.document.errors.map((error) => error.code)).toEqual(['DUPLICATE_KEY']);
  });
});

describe('toBoundedValue', () => {
  it('reads a billion-laughs file as a problem at its first alias, not an exception', () => {
    const result = readValue(laughs(9));
    expect(result).toMatchObject({
      ok: false,
      offset: 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\na1: &a1 ['.length,
    });
    expect(result.ok ? '' : result.message).toContain('expand to more than 1,000,000 values');
  });

  it('accepts one anchor used by thousands of aliases (a shared assert list), which yaml alone refuses past 100', () => {
    const tests = Array.from(
      { length: 5000 },
      (_, index) => `  - { vars: { n: ${index} }, assert: *checks }`,
    );
    const text = `checks: &checks [{ type: contains, value: ok }]\ntests:\n${tests.join('\n')}\n`;
    const result = readValue(text);
    expect(result.ok).toBe(true);
  });

  it(`refuses more than ${maxAliases.toLocaleString('en-US')} aliases at the first one too many`, () => {
    const text = `a: &a 1\nb: [${Array(maxAliases + 1)
      .fill('*a')
      .join(', ')}]\n`;
    const result = parseBoundedYaml(text);
    expect(result).toMatchObject({ ok: false, offset: 12 + maxAliases * 4 });
    expect(result.ok ? '' : result.message).toContain('more than 10,000 aliases');
  });

  it('names an alias used before its anchor, and refuses an alias inside its own anchor', () => {
    const unresolved = readValue('a: 1\nb: *missing\n');
    expect(unresolved).toMatchObject({ ok: false, offset: 8 });
    expect(unresolved.ok ? '' : unresolved.message).toContain(
      'alias *missing has no anchor &missing before it',
    );
    const loop = readValue('a: &x [1, *x]\n');
    expect(loop).toMatchObject({ ok: false, offset: 10 });
    expect(loop.ok ? '' : loop.message).toContain('refers to the value it is inside of');
  });

  it('returns the same data as yaml for ordinary documents', () => {
    expect(readValue('a: &x { b: [1, "two", null] }\nc: *x\n')).toEqual({
      ok: true,
      value: { a: { b: [1, 'two', null] }, c: { b: [1, 'two', null] } },
    });
  });
});
