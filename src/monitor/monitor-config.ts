// The `monitor:` block of a gateway route: which share of its requests is scored off the request path, with which
// of the suite's assertion kinds, by which judge, and what is redacted from the bodies a sample keeps.
import { z } from 'zod';
import type { AssertionKind } from '../spec/assertion.js';
import { assertionSchema } from '../suite/assertion-schema.js';
import { findRegexError } from '../user-code/find-regex-error.js';

/**
 * Kinds that compare the answer with an expected answer written for one case: every production request has a
 * different question, so a monitor cannot use them.
 */
export const expectedAnswerKinds: ReadonlySet<AssertionKind> = new Set<AssertionKind>(['equals', 'similar']);

export const monitorSchema = z
  .strictObject({
    sample: z
      .number()
      .min(0)
      .max(1)
      .describe(
        "Share of the route's requests scored, decided per request from a hash of its trace id (so reproducible).",
      ),
    assert: z
      .array(assertionSchema)
      .min(1)
      .superRefine((assertions, context) => {
        assertions.forEach((assertion, index) => {
          if (expectedAnswerKinds.has(assertion.type)) {
            context.addIssue({
              code: 'custom',
              path: [index, 'type'],
              message: `"${assertion.type}" compares with an expected answer, which production requests do not have; use a check of the answer alone (contains, regex, is-json, json-schema, llm-rubric, javascript, …)`,
            });
          }
        });
      })
      .describe('Checks of each sampled answer: any suite assertion kind that needs no expected answer.'),
    judge: z
      .string()
      .min(1)
      .optional()
      .describe(
        '`provider:model` for `llm-rubric` checks, a provider of this file or a registry id; its cost is traced apart.',
      ),
    redact: z
      .array(
        z.string().superRefine((pattern, context) => {
          const error = findRegexError(pattern, 'g');
          if (error !== undefined)
            context.addIssue({ code: 'custom', message: `invalid regex: ${error}; fix the pattern` });
        }),
      )
      .default([])
      .describe(
        'Regular expressions whose matches are replaced by [redacted] before a sample is stored or sent to the judge.',
      ),
    maxDrop: z
      .number()
      .min(0)
      .max(1)
      .default(0.05)
      .describe('The drop below the reference pass rate that counts as drift (the drift gauge in /metrics).'),
  })
  .describe("Scores sampled answers with the suite's checks off the request path; see docs/monitoring.md.");

export type MonitorConfig = z.output<typeof monitorSchema>;
