import { describe, expect, it } from 'vitest';
import { openaiEmbeddingsWire } from './openai-embeddings-wire.js';

describe('the OpenAI embeddings wire format', () => {
  it('reads one text or many, and the encoding asked for', () => {
    expect(openaiEmbeddingsWire.parse({ model: 'embed', input: 'one' })).toEqual({
      operation: 'embeddings',
      model: 'embed',
      inputs: ['one'],
      base64: false,
      extras: undefined,
      body: { model: 'embed', input: 'one' },
    });
    // fields beyond the texts and their encoding go on, as sent, to an upstream of the same API
    expect(
      openaiEmbeddingsWire.parse({ model: 'embed', input: 'one', dimensions: 256, user: 'u-1' }).extras,
    ).toEqual({ format: 'openai-embeddings', fields: { dimensions: 256, user: 'u-1' } });
    expect(
      openaiEmbeddingsWire.parse({ model: 'embed', input: ['a', 'b'], encoding_format: 'base64' }),
    ).toMatchObject({
      inputs: ['a', 'b'],
      base64: true,
    });
    expect(() => openaiEmbeddingsWire.parse({ model: 'embed', input: [] })).toThrow(/at least one text/);
    expect(openaiEmbeddingsWire.newId()).toMatch(/^emb-/);
  });
});
