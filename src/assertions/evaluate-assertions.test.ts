import { describe, expect, it } from 'vitest';
import type { AssertionConfig } from '../spec/assertion.js';
import { fakeContext } from './__fixtures__/fake-context.js';
import { evaluateAssertions } from './evaluate-assertions.js';

const context = fakeContext({ output: 'Your bag may weigh 23 kg.' });

describe('evaluateAssertions', () => {
  it('passes with score 1 when there are no assertions', async () => {
    expect(await evaluateAssertions([], context)).toEqual({
      pass: true,
      score: 1,
      outcomes: [],
      judgeCostUsd: undefined,
    });
  });
  it('inverts pass and score with not, prefixing the reason', async () => {
    const { pass, outcomes } = await evaluateAssertions(
      [{ type: 'contains', value: 'refund', not: true, label: 'no refunds' }],
      context,
    );
    expect(pass).toBe(true);
    expect(outcomes).toEqual([
      {
        type: 'contains',
        label: 'no refunds',
        pass: true,
        score: 1,
        weight: 1,
        reason: 'not: expected output to contain "refund"',
      },
    ]);
  });
  it('needs every assertion to pass without a threshold, and the weighted score with one', async () => {
    const assertions: AssertionConfig[] = [
      { type: 'contains', value: '23 kg', weight: 3 },
      { type: 'contains', value: 'cabin' },
    ];
    expect(await evaluateAssertions(assertions, context)).toMatchObject({ pass: false, score: 0.75 });
    expect(await evaluateAssertions(assertions, context, 0.75)).toMatchObject({ pass: true, score: 0.75 });
    expect(await evaluateAssertions(assertions, context, 0.8)).toMatchObject({ pass: false });
  });
  it('turns a throwing handler into an errored failure that not does not invert', async () => {
    const { pass, outcomes } = await evaluateAssertions(
      [
        { type: 'regex', value: '(', not: true },
        { type: 'llm-rubric', value: 'polite' },
      ],
      context,
    );
    expect(pass).toBe(false);
    expect(outcomes[0]).toMatchObject({
      pass: false,
      score: 0,
      reason: expect.stringMatching(/^error: invalid regex/),
    });
    expect(outcomes[1]).toMatchObject({ pass: false, score: 0, reason: 'error: no judge in this test' });
  });
  it('keeps judge spend on each outcome and sums it, even when the reply was garbage', async () => {
    const replies = ['{"pass":true,"score":1,"reason":"polite"}', 'no idea'];
    const judged = fakeContext({ callJudge: async () => ({ text: replies.shift() ?? '', costUsd: 0.25 }) });
    const result = await evaluateAssertions(
      [
        { type: 'llm-rubric', value: 'polite' },
        { type: 'llm-rubric', value: 'brief' },
      ],
      judged,
    );
    expect(result.outcomes.map((outcome) => outcome.judgeCostUsd)).toEqual([0.25, 0.25]);
    expect(result.judgeCostUsd).toBe(0.5);
    expect(result.outcomes[1]?.reason).toMatch(/^error: judge reply is not JSON/);
  });
});
