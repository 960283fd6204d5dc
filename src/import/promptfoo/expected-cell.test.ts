import { describe, expect, it } from 'vitest';
import { assertionFromCell, splitCommaList } from './expected-cell.js';

describe("promptfoo's assertion string syntax", () => {
  it('reads a plain cell as equals, whole', () => {
    expect(assertionFromCell('Paris, France')).toEqual({ type: 'equals', value: 'Paris, France' });
    expect(assertionFromCell('unknown-type: x')).toEqual({ type: 'equals', value: 'unknown-type: x' });
  });

  it('reads type:value with the value trimmed, and not- forms', () => {
    expect(assertionFromCell('contains: Paris ')).toEqual({ type: 'contains', value: 'Paris' });
    expect(assertionFromCell('not-icontains:sorry')).toEqual({ type: 'not-icontains', value: 'sorry' });
    expect(assertionFromCell('regex: \\d{4}')).toEqual({ type: 'regex', value: '\\d{4}' });
    expect(assertionFromCell('is-json')).toEqual({ type: 'is-json', value: undefined });
  });

  it('splits the list types at commas, with double quotes protecting commas', () => {
    expect(assertionFromCell('contains-any: a, "b, c",d')).toEqual({
      type: 'contains-any',
      value: ['a', 'b, c', 'd'],
    });
    expect(splitCommaList('"say ""hi""", \\"x')).toEqual(['say "hi"', '\\"x']);
  });

  it('gives threshold types their threshold, or promptfoo defaults (0.8 for similar, 0.75 otherwise)', () => {
    expect(assertionFromCell('similar(0.9):Hello')).toEqual({
      type: 'similar',
      value: 'Hello',
      threshold: 0.9,
    });
    expect(assertionFromCell('similar:Hello')).toEqual({ type: 'similar', value: 'Hello', threshold: 0.8 });
    expect(assertionFromCell('starts-with: The')).toEqual({
      type: 'starts-with',
      value: 'The',
      threshold: 0.75,
    });
  });

  it('reads the shorthands for code and grading', () => {
    expect(assertionFromCell('fn: output.length > 3')).toEqual({
      type: 'javascript',
      value: 'output.length > 3',
    });
    expect(assertionFromCell('javascript:1')).toEqual({ type: 'javascript', value: '1' });
    expect(assertionFromCell('file://checks/a.js')).toEqual({
      type: 'javascript',
      value: 'file://checks/a.js',
    });
    expect(assertionFromCell('grade: is polite')).toEqual({ type: 'llm-rubric', value: ' is polite' });
    expect(assertionFromCell('python: len(output) > 3')).toEqual({
      type: 'python',
      value: 'len(output) > 3',
    });
  });
});
