import { describe, expect, it } from 'vitest';
import type { Message } from '../spec/messages.js';
import { fakeContext } from './__fixtures__/fake-context.js';
import { llmRubric } from './llm-rubric.js';

const judgeReplying = (text: string, sent: Message[][] = []) =>
  fakeContext({
    output: 'You may bring one 23 kg bag.',
    vars: { airline: 'Nordair' },
    callJudge: async (messages) => {
      sent.push(messages);
      return { text, costUsd: 0.0002 };
    },
  });

const config = { type: 'llm-rubric', value: 'States the checked-bag allowance' } as const;

describe('llm-rubric', () => {
  it('sends the rubric, the vars and the output, and reads a JSON verdict', async () => {
    const sent: Message[][] = [];
    const result = await llmRubric(
      config,
      judgeReplying('{"reason":"states 23 kg","pass":true,"score":0.9}', sent),
    );
    expect(result).toEqual({ pass: true, score: 0.9, reason: 'states 23 kg', judgeCostUsd: 0.0002 });
    const user = sent[0]?.[1]?.content ?? '';
    expect(user).toContain('States the checked-bag allowance');
    expect(user).toContain('Nordair');
    expect(user).toContain('You may bring one 23 kg bag.');
    expect(sent[0]?.[0]?.content).toContain('Reply ONLY with JSON');
  });
  it('accepts a fenced verdict with prose around it', async () => {
    const reply =
      'Here is my grade:\n```json\n{"reason": "misses {the} fee", "pass": false, "score": 0.2}\n```';
    expect(await llmRubric(config, judgeReplying(reply))).toMatchObject({
      pass: false,
      score: 0.2,
      reason: 'misses {the} fee',
    });
  });
  it('fails a judge pass whose score is under the threshold', async () => {
    const result = await llmRubric(
      { ...config, threshold: 0.8 },
      judgeReplying('{"reason":"ok","pass":true,"score":0.6}'),
    );
    expect(result).toMatchObject({ pass: false, reason: 'ok (score 0.6 < threshold 0.8)' });
  });
  it('throws with an excerpt of a garbage reply, keeping the judge cost', async () => {
    await expect(llmRubric(config, judgeReplying('I think it is fine.'))).rejects.toMatchObject({
      message: 'judge reply is not JSON {pass, score, reason}: "I think it is fine."',
      judgeCostUsd: 0.0002,
    });
  });
});
