import { describe, expect, it } from 'vitest';
import { editDistance, findSuggestion } from './find-suggestion.js';

describe('findSuggestion', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('promtps', 'prompts')).toBe(1);
    expect(editDistance('contain', 'contains')).toBe(1);
  });

  it('suggests the closest candidate within two edits, ignoring case', () => {
    expect(findSuggestion('Modles', ['models', 'prompts'])).toBe('models');
    expect(findSuggestion('banana', ['models', 'prompts'])).toBeUndefined();
  });
});
