// The comparison endpoint: two sides named `<run-id>@<model>`, compared by scorecard/compare-sides exactly as
// `yardstick compare` does, under the margin and rule the page chose; the paired cases a page at a time.
import type { z } from 'zod';
import { compareSides } from '../../scorecard/compare-sides.js';
import { YardstickError } from '../../spec/errors.js';
import type { ComparisonPage } from '../api-types.js';
import type { compareQuery } from './api-query.js';
import type { UiData } from './ui-data.js';
import { UiRequestError } from './ui-request-error.js';

const loadSide = async (data: UiData, spec: string, name: string) => {
  const at = spec.indexOf('@');
  const runId = spec.slice(0, at);
  const model = spec.slice(at + 1);
  if (!(await data.run(runId)))
    throw new UiRequestError('not_found', `${name}: no run "${runId}" in the store`);
  return data.comparisonSide(runId, model, spec);
};

export const comparisonPage = async (
  data: UiData,
  query: z.output<typeof compareQuery>,
): Promise<ComparisonPage> => {
  try {
    const baseline = await loadSide(data, query.baseline, 'baseline');
    const candidate = await loadSide(data, query.candidate, 'candidate');
    const { cases, ...comparison } = compareSides(baseline, candidate, {
      maxDrop: query.maxDrop,
      requireNonInferiority: query.rule === 'non-inferiority',
      // as `yardstick compare`: the power statement is about the allowed drop, or 5 points
      detect: Math.max(query.detect ?? (query.maxDrop > 0 ? query.maxDrop : 0.05), 0.001),
      alpha: 0.05,
    });
    return {
      ...comparison,
      cases: cases.slice(query.offset, query.offset + query.limit),
      casesTotal: cases.length,
      offset: query.offset,
    };
  } catch (error) {
    // a model the run does not have, sides with no case in common: the user's choice to change
    if (error instanceof YardstickError && error.code === 'E_CONFIG') {
      throw new UiRequestError('bad_request', error.message);
    }
    throw error;
  }
};
