// Anthropic usage: cache reads and writes added to input, and the 1-hour writes split out for their own rate.
import { describe, expect, it } from 'vitest';
import { mapAnthropicUsage } from './map-anthropic-usage.js';

describe('mapAnthropicUsage', () => {
  it('reports the 1-hour cache writes apart from the 5-minute ones', () => {
    const usage = mapAnthropicUsage({
      input_tokens: 50,
      output_tokens: 20,
      cache_read_input_tokens: 1000,
      cache_creation_input_tokens: 3000,
      cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
    });
    expect(usage).toEqual({
      inputTokens: 4050,
      outputTokens: 20,
      cachedInputTokens: 1000,
      cacheWriteInputTokens: 3000,
      cacheWrite1hInputTokens: 2000,
    });
  });
  it('counts every write as a 5-minute write when the split is absent or unreadable', () => {
    const plain = mapAnthropicUsage({ input_tokens: 10, output_tokens: 1, cache_creation_input_tokens: 500 });
    expect(plain.cacheWriteInputTokens).toBe(500);
    expect(plain.cacheWrite1hInputTokens).toBeUndefined();
    const odd = mapAnthropicUsage({
      input_tokens: 10,
      output_tokens: 1,
      cache_creation_input_tokens: 500,
      cache_creation: { ephemeral_1h_input_tokens: 'many' },
    });
    expect(odd.cacheWrite1hInputTokens).toBeUndefined();
  });
  it('leaves unreported counts undefined, never 0', () => {
    expect(mapAnthropicUsage(undefined)).toEqual({ inputTokens: undefined, outputTokens: undefined });
  });
});
