// The resume key: the runner splits it on NUL to find a stored case's model (prepare-run, run-distributed).
import { describe, expect, it } from 'vitest';
import { resultKey } from './store-types.js';

describe('resultKey', () => {
  it('joins prompt, model, case and repeat with NUL, so a model id with colons splits back whole', () => {
    const key = resultKey('p', 'openai:gpt-4o-mini', 't', 2);
    expect(key).toBe('p\u0000openai:gpt-4o-mini\u0000t\u00002');
    expect(key.split('\u0000')[1]).toBe('openai:gpt-4o-mini');
  });
});
