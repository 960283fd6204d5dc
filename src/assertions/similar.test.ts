import { describe, expect, it } from 'vitest';
import { fakeContext } from './__fixtures__/fake-context.js';
import { similar } from './similar.js';

const embedding = (vectors: number[][]) =>
  fakeContext({ output: 'one bag of 23 kg', embed: async () => ({ embeddings: vectors, costUsd: 0.00001 }) });

describe('similar', () => {
  it('passes at or above the default threshold of 0.8 and reports the embedding cost', async () => {
    const result = await similar(
      { type: 'similar', value: 'a 23 kg bag' },
      embedding([
        [1, 0],
        [0.9, 0.1],
      ]),
    );
    expect(result.pass).toBe(true);
    expect(result.score).toBeCloseTo(0.9939, 3);
    expect(result.judgeCostUsd).toBe(0.00001);
  });
  it('fails below the threshold with the similarity in the reason', async () => {
    const result = await similar(
      { type: 'similar', value: 'x', threshold: 0.9 },
      embedding([
        [1, 0],
        [1, 1],
      ]),
    );
    expect(result).toMatchObject({ pass: false, reason: 'similarity 0.707 < 0.9 to "x"' });
  });
  it('embeds the value then the output in one call with the configured provider', async () => {
    const calls: unknown[] = [];
    const context = fakeContext({
      output: 'out',
      embed: async (texts, provider) => {
        calls.push({ texts, provider });
        return { embeddings: [[1], [-1]], costUsd: undefined };
      },
    });
    const result = await similar(
      { type: 'similar', value: 'in', provider: { id: 'openai:text-embedding-3-small' } },
      context,
    );
    expect(calls).toEqual([{ texts: ['in', 'out'], provider: { id: 'openai:text-embedding-3-small' } }]);
    expect(result).toEqual({ pass: false, score: 0, reason: 'similarity -1.000 < 0.8 to "in"' });
  });
  it('throws when the embedder returns too few vectors', async () => {
    await expect(similar({ type: 'similar', value: 'x' }, embedding([[1]]))).rejects.toThrow(
      /1 embeddings for 2 texts/,
    );
  });
});
