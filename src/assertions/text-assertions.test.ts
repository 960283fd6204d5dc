import { afterAll, describe, expect, it } from 'vitest';
import { fakeContext } from './__fixtures__/fake-context.js';
import { closeCheckThreads } from './check-threads.js';
import { contains } from './contains.js';
import { containsAll } from './contains-all.js';
import { containsAny } from './contains-any.js';
import { regex } from './regex.js';
import { startsWith } from './starts-with.js';

const context = fakeContext({ output: '  Your bag may weigh 23 kg.' });

describe('contains', () => {
  it('passes on a substring and names it when missing', () => {
    expect(contains({ type: 'contains', value: '23 kg' }, context)).toMatchObject({ pass: true, score: 1 });
    expect(contains({ type: 'contains', value: '32 kg' }, context)).toEqual({
      pass: false,
      score: 0,
      reason: 'expected output to contain "32 kg"',
    });
  });
  it('folds case only with ignoreCase', () => {
    expect(contains({ type: 'contains', value: 'YOUR BAG' }, context)).toMatchObject({ pass: false });
    expect(contains({ type: 'contains', value: 'YOUR BAG', ignoreCase: true }, context)).toMatchObject({
      pass: true,
    });
  });
});

describe('contains-any', () => {
  it('passes when one value is present', () => {
    const result = containsAny({ type: 'contains-any', value: ['20 kg', '23 kg'] }, context);
    expect(result).toMatchObject({ pass: true, reason: 'contains "23 kg"' });
  });
  it('lists every value when none is present', () => {
    const result = containsAny({ type: 'contains-any', value: ['20 kg', 'BAG'] }, context);
    expect(result).toMatchObject({ pass: false, reason: 'expected output to contain any of "20 kg", "BAG"' });
    expect(containsAny({ type: 'contains-any', value: ['BAG'], ignoreCase: true }, context).pass).toBe(true);
  });
});

describe('contains-all', () => {
  it('passes when every value is present and names the missing ones otherwise', () => {
    expect(containsAll({ type: 'contains-all', value: ['bag', '23 kg'] }, context).pass).toBe(true);
    const result = containsAll({ type: 'contains-all', value: ['bag', 'cabin', 'Fee'] }, context);
    expect(result).toMatchObject({ pass: false, reason: 'expected output to contain "cabin", "Fee"' });
    expect(
      containsAll({ type: 'contains-all', value: ['BAG', 'YOUR'], ignoreCase: true }, context).pass,
    ).toBe(true);
  });
});

describe('starts-with', () => {
  it('ignores leading whitespace and honours ignoreCase', () => {
    expect(startsWith({ type: 'starts-with', value: 'Your' }, context).pass).toBe(true);
    expect(startsWith({ type: 'starts-with', value: 'your' }, context).pass).toBe(false);
    expect(startsWith({ type: 'starts-with', value: 'your', ignoreCase: true }, context).pass).toBe(true);
  });
  it('shows how the output starts when it fails', () => {
    const result = startsWith({ type: 'starts-with', value: 'Sorry' }, context);
    expect(result.reason).toBe('expected output to start with "Sorry"; got "Your bag may weigh 2…"');
  });
});

describe('regex', () => {
  afterAll(closeCheckThreads);
  it('matches with flags', async () => {
    expect((await regex({ type: 'regex', value: '\\d+ KG' }, context)).pass).toBe(false);
    expect(await regex({ type: 'regex', value: '\\d+ KG', flags: 'i' }, context)).toMatchObject({
      pass: true,
      reason: 'matches /\\d+ KG/i',
    });
  });
  it('throws an error naming an invalid pattern', async () => {
    await expect(regex({ type: 'regex', value: '(unclosed' }, context)).rejects.toThrow(
      /invalid regex \/\(unclosed\//,
    );
  });
  it('fails a catastrophic pattern at its time budget, naming it, while this thread keeps running', async () => {
    const hostile = fakeContext({ output: `${'a'.repeat(38)}!` });
    let ticks = 0;
    const ticker = setInterval(() => {
      ticks += 1;
    }, 10);
    const started = performance.now();
    await expect(regex({ type: 'regex', value: '^(a+)+$' }, hostile)).rejects.toThrow(
      /regex \/\^\(a\+\)\+\$\/ took longer than its 1000 ms budget/,
    );
    clearInterval(ticker);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(ticks).toBeGreaterThan(20);
    expect(await regex({ type: 'regex', value: '^(a+)+$' }, fakeContext({ output: 'aaaa' }))).toMatchObject({
      pass: true,
    });
  });
});
