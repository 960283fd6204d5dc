import { describe, expect, it } from 'vitest';
import { parseModelId } from './model-config.js';

describe('parseModelId', () => {
  it('splits provider and model at the first colon', () => {
    expect(parseModelId('openai:gpt-4o-mini')).toEqual({ provider: 'openai', model: 'gpt-4o-mini' });
  });
  it('keeps colons that belong to the model name', () => {
    expect(parseModelId('ollama:llama3.1:8b')).toEqual({ provider: 'ollama', model: 'llama3.1:8b' });
  });
  it('rejects ids without a provider or a model', () => {
    expect(parseModelId('gpt-4o')).toBeUndefined();
    expect(parseModelId(':gpt-4o')).toBeUndefined();
    expect(parseModelId('openai:')).toBeUndefined();
  });
});
