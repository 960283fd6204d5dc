// Assertion configs as they appear in a suite, after validation. The suite schema must match these types.
import type { ModelConfig } from './model-config.js';

interface AssertionBase {
  /** Invert the outcome: pass when the check fails. */
  not?: boolean;
  /** Weight in the case's score (default 1). */
  weight?: number;
  /** A name shown in reports instead of the type. */
  label?: string;
}

export type AssertionConfig = AssertionBase &
  (
    | { type: 'equals'; value: unknown; ignoreCase?: boolean }
    | { type: 'contains'; value: string; ignoreCase?: boolean }
    | { type: 'contains-any'; value: string[]; ignoreCase?: boolean }
    | { type: 'contains-all'; value: string[]; ignoreCase?: boolean }
    | { type: 'regex'; value: string; flags?: string }
    | { type: 'starts-with'; value: string; ignoreCase?: boolean }
    | { type: 'is-json' }
    | { type: 'json-schema'; value: Record<string, unknown> }
    | { type: 'tool-call'; name: string; arguments?: Record<string, unknown>; exact?: boolean }
    | { type: 'latency'; maxMs: number }
    | { type: 'cost'; maxUsd: number }
    | { type: 'javascript'; value?: string; file?: string; timeoutMs?: number }
    | { type: 'llm-rubric'; value: string; provider?: ModelConfig; threshold?: number }
    | { type: 'similar'; value: string; threshold?: number; provider?: ModelConfig }
  );

export type AssertionKind = AssertionConfig['type'];

export const assertionKinds = [
  'equals',
  'contains',
  'contains-any',
  'contains-all',
  'regex',
  'starts-with',
  'is-json',
  'json-schema',
  'tool-call',
  'latency',
  'cost',
  'javascript',
  'llm-rubric',
  'similar',
] as const satisfies readonly AssertionKind[];

/** The outcome of one assertion on one result. */
export interface AssertionOutcome {
  type: AssertionKind;
  label?: string;
  pass: boolean;
  /** 0..1; 1 or 0 for binary checks. */
  score: number;
  reason: string;
  weight: number;
  /** Spend of a judge or embedding model, kept apart from the model under test. */
  judgeCostUsd?: number;
  /** The check could not run because its judge or embedding model is unavailable; left out of the score. */
  skipped?: boolean;
}
