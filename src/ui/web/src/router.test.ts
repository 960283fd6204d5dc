// Hash routes carry run ids, case ids and filters: any text must survive the trip into the address and back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzSeed } from '../../../testing/fuzz-seed.js';
import { href, parseRoute } from './router.js';

describe('hash routes', () => {
  it('round-trips any segments and parameters', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 3 }),
        fc.dictionary(
          fc.constantFrom('cursor', 'since', 'model', 'baseline'),
          fc.string({ minLength: 1, maxLength: 30 }),
        ),
        (segments, params) => {
          const route = parseRoute(href(segments, params));
          expect(route.segments).toEqual(segments);
          expect(Object.fromEntries(route.params)).toEqual(params);
        },
      ),
      { seed: fuzzSeed(20_261_129), numRuns: 500 },
    );
  });

  it('reads a hand-typed address, and a malformed escape as it is', () => {
    expect(parseRoute('#/runs/abc?threshold=0.9')).toMatchObject({ segments: ['runs', 'abc'] });
    expect(parseRoute('#/runs/abc?threshold=0.9').params.get('threshold')).toBe('0.9');
    expect(parseRoute('').segments).toEqual([]);
    expect(parseRoute('#/traces/%E0%A4%A').segments).toEqual(['traces', '%E0%A4%A']);
    expect(href(['compare'], { baseline: 'r@openai:x', empty: '', none: undefined })).toBe(
      '#/compare?baseline=r%40openai%3Ax',
    );
  });
});
