import { describe, expect, it } from 'vitest';
import { assertionKinds } from '../spec/assertion.js';
import { assertionHandlers } from './registry.js';

describe('assertionHandlers', () => {
  it('has exactly one handler per assertion kind', () => {
    expect(Object.keys(assertionHandlers).sort()).toEqual([...assertionKinds].sort());
  });
});
