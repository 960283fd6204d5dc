// Every assertion kind mapped to its handler; a kind without a handler fails the build.
import type { AssertionConfig, AssertionKind } from '../spec/assertion.js';
import type { AssertionHandler } from './assertion-context.js';
import { contains } from './contains.js';
import { containsAll } from './contains-all.js';
import { containsAny } from './contains-any.js';
import { cost } from './cost.js';
import { equals } from './equals.js';
import { isJson } from './is-json.js';
import { javascript } from './javascript.js';
import { jsonSchema } from './json-schema.js';
import { latency } from './latency.js';
import { llmRubric } from './llm-rubric.js';
import { regex } from './regex.js';
import { similar } from './similar.js';
import { startsWith } from './starts-with.js';
import { toolCall } from './tool-call.js';

export type AssertionHandlers = {
  [K in AssertionKind]: AssertionHandler<Extract<AssertionConfig, { type: K }>>;
};

export const assertionHandlers = {
  equals,
  contains,
  'contains-any': containsAny,
  'contains-all': containsAll,
  regex,
  'starts-with': startsWith,
  'is-json': isJson,
  'json-schema': jsonSchema,
  'tool-call': toolCall,
  latency,
  cost,
  javascript,
  'llm-rubric': llmRubric,
  similar,
} as const satisfies AssertionHandlers;
