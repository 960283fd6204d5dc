import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite } from './load-suite.js';
import { maxNestingDepth } from './parse-bounded-yaml.js';
import { parseSuiteQuickly } from './parse-suite-quickly.js';

const head = 'name: limits\nprompts: ["{{q}}"]\nmodels: ["function:./m.js"]\ntests:\n';

const writeSuite = (text: string): string => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'yardstick-limits-')), 'suite.yaml');
  writeFileSync(file, text);
  return file;
};

/** A block-list test whose `vars.deep` makes its deepest list sit `depth` levels from the top of the file. */
const testAt = (depth: number): string => {
  const lists = depth - 4; // the file, `tests`, the test, `vars`
  return `  - vars: { q: x, deep: ${'['.repeat(lists)}${']'.repeat(lists)} }\n`;
};

/** A test whose vars hold six levels of nine aliases each: about 672,000 values once expanded. */
const bombTest = (index: number): string => {
  const lists = ['&l0 [a, a, a, a, a, a, a, a, a]'];
  for (let level = 1; level < 6; level++)
    lists.push(
      `&l${level} [${Array(9)
        .fill(`*l${level - 1}`)
        .join(', ')}]`,
    );
  return `  - { id: bomb-${index}, vars: { q: x, laughs: [${lists.join(', ')}] } }\n`;
};

describe('loadSuite and the limits of docs/suite.md', () => {
  it(`counts nesting from the top of the file, on the quick path too: ${maxNestingDepth} levels load, one more does not`, async () => {
    const deepest = `${head}${testAt(maxNestingDepth)}`;
    expect(parseSuiteQuickly(deepest)).toBeDefined();
    expect((await loadSuite(writeSuite(deepest))).tests).toHaveLength(1);
    const tooDeep = writeSuite(`${head}  - vars: { q: y }\n${testAt(maxNestingDepth + 1)}`);
    await expect(loadSuite(tooDeep)).rejects.toThrow(
      /suite\.yaml:6:\d+ syntax: nested more than 100 levels deep/,
    );
  });

  it('counts what aliases expand to over the whole file, not batch by batch', async () => {
    const fillers = (from: number) =>
      Array.from({ length: 49 }, (_, index) => `  - { id: t-${from + index}, vars: { q: x } }\n`).join('');
    const text = `${head}${bombTest(0)}${fillers(1)}${bombTest(50)}${fillers(51)}${bombTest(100)}`;
    await expect(loadSuite(writeSuite(text))).rejects.toThrow(
      /suite\.yaml:5:\d+ syntax: the aliases from here on expand to more than 1,000,000 values/,
    );
    // one such test alone stays under the limit and loads
    expect((await loadSuite(writeSuite(`${head}${bombTest(0)}`))).tests).toHaveLength(1);
  });
});
