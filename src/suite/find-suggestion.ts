// The hint after a suite mistake: "did you mean" a close candidate, else the list of valid ones.
import { findSuggestion } from '../spec/find-suggestion.js';

/** `; did you mean "x"?` when there is a close candidate, else `; expected one of a, b, c`. */
export const suggestionHint = (input: string, candidates: readonly string[], noun = 'one of'): string => {
  const suggestion = findSuggestion(input, candidates);
  if (suggestion !== undefined) return `did you mean "${suggestion}"?`;
  return `expected ${noun} ${candidates.map((candidate) => `"${candidate}"`).join(', ')}`;
};
