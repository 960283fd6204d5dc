import { describe, expect, it } from 'vitest';
import { fakeContext } from './__fixtures__/fake-context.js';
import { equals } from './equals.js';

describe('equals', () => {
  it('compares a string with the trimmed output, folding case with ignoreCase', () => {
    expect(equals({ type: 'equals', value: 'Paris' }, fakeContext({ output: ' Paris\n' })).pass).toBe(true);
    expect(equals({ type: 'equals', value: 'Paris' }, fakeContext({ output: 'paris' })).pass).toBe(false);
    expect(
      equals({ type: 'equals', value: 'Paris', ignoreCase: true }, fakeContext({ output: 'paris' })).pass,
    ).toBe(true);
  });
  it('says what it got when a string differs', () => {
    expect(equals({ type: 'equals', value: 'Paris' }, fakeContext({ output: 'Lyon' })).reason).toBe(
      'expected output to equal "Paris"; got "Lyon"',
    );
  });
  it('compares objects as JSON regardless of key order', () => {
    const config = { type: 'equals', value: { bags: 2, names: ['A', 'B'] } } as const;
    expect(equals(config, fakeContext({ output: '{"names":["A","B"],"bags":2}' })).pass).toBe(true);
    expect(equals(config, fakeContext({ output: '{"names":["B","A"],"bags":2}' })).pass).toBe(false);
    expect(equals(config, fakeContext({ output: '{"names":["A","B"],"bags":2,"x":1}' })).pass).toBe(false);
  });
  it('fails with the parse error when an object is expected and the output is not JSON', () => {
    const result = equals({ type: 'equals', value: [1, 2] }, fakeContext({ output: 'one, two' }));
    expect(result.pass).toBe(false);
    expect(result.reason).toMatch(/^expected JSON equal to \[1,2\]; output is not valid JSON: /);
  });
});
