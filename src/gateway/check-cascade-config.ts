// Which assertion kinds a route's cascade may use: only checks that need no model call and no user code, since
// they run on the request path of every non-streamed answer.
import type { AssertionKind } from '../spec/assertion.js';
import type { CascadeConfig } from './gateway-config.js';

/** Every kind, and why it cannot check answers on the request path (undefined: it can). */
export const cascadeRefusals = {
  equals: undefined,
  contains: undefined,
  'contains-any': undefined,
  'contains-all': undefined,
  regex: undefined,
  'starts-with': undefined,
  'is-json': undefined,
  'json-schema': undefined,
  'tool-call': undefined,
  latency: undefined,
  cost: undefined,
  javascript: 'runs your code in a worker, too slow and too open for the request path',
  'llm-rubric': 'is graded by a model; a cascade checks without calling one',
  similar: 'calls an embedding model; a cascade checks without calling one',
} as const satisfies Record<AssertionKind, string | undefined>;

export const checkCascade = (
  cascade: CascadeConfig,
  problemAt: (at: Array<string | number>, message: string) => void,
): void => {
  cascade.assert.forEach((assertion, index) => {
    const refusal = cascadeRefusals[assertion.type];
    if (refusal !== undefined) {
      problemAt(
        ['assert', index, 'type'],
        `${assertion.type} ${refusal}; use deterministic kinds (is-json, json-schema, regex, contains…) here and keep ${assertion.type} in the qualify suite`,
      );
    }
  });
};
