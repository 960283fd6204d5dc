// Turns what a user's javascript check returned into a handler result.
// A number is a score in 0..1 (clamped) and passes at ≥ 0.5; an object is { pass, score?, reason? }.
import { z } from 'zod';
import { YardstickError } from '../spec/errors.js';
import type { HandlerResult } from './assertion-context.js';

const passThreshold = 0.5;

const resultSchema = z.object({
  pass: z.boolean(),
  score: z.number().optional(),
  reason: z.string().optional(),
});

const clamp = (score: number): number => Math.min(1, Math.max(0, score));

export const toJavascriptResult = (value: unknown, source: string): HandlerResult => {
  if (typeof value === 'boolean') {
    return { pass: value, score: value ? 1 : 0, reason: `javascript returned ${value}: ${source}` };
  }
  if (typeof value === 'number' && !Number.isNaN(value)) {
    const score = clamp(value);
    const pass = score >= passThreshold;
    return {
      pass,
      score,
      reason: `javascript returned score ${value} (passes at ≥ ${passThreshold}): ${source}`,
    };
  }
  const parsed = resultSchema.safeParse(value);
  if (parsed.success) {
    const { pass, score, reason } = parsed.data;
    return {
      pass,
      score: score === undefined ? (pass ? 1 : 0) : clamp(score),
      reason: reason ?? `javascript returned pass: ${pass}: ${source}`,
    };
  }
  const got = value === null ? 'null' : typeof value;
  throw new YardstickError(
    'E_USER_CODE',
    `javascript check returned ${got}; expected a boolean, a number in 0..1 or { pass, score?, reason? }: ${source}`,
  );
};
