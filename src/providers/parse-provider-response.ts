// Guards the boundary with a provider: JSON text and zod schemas, failing with E_MALFORMED_RESPONSE.
import type { z } from 'zod';
import { YardstickError } from '../spec/errors.js';

const excerpt = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

export const parseWithSchema = <T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> => {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined ? '' : ` at ${issue.path.join('.') || '(root)'}: ${issue.message}`;
  throw new YardstickError('E_MALFORMED_RESPONSE', `unexpected ${what}${where}`, {
    body: excerpt(JSON.stringify(value) ?? ''),
  });
};

/**
 * The value itself when `guard` (a hand-written check of the same shape as `schema`, for a hot path) accepts
 * it; otherwise the schema's parse, which fails with the schema's message.
 */
export const parseWithGuard = <T extends z.ZodType>(
  guard: (value: unknown) => value is z.output<T>,
  schema: T,
  value: unknown,
  what: string,
): z.output<T> => (guard(value) ? value : parseWithSchema(schema, value, what));

/** Parses one SSE data payload; a chunk that is not JSON means the stream is corrupt. */
export const parseJsonChunk = (data: string, what: string): unknown => {
  try {
    return JSON.parse(data);
  } catch (error) {
    throw new YardstickError('E_MALFORMED_RESPONSE', `${what} is not JSON: ${excerpt(data)}`, {
      body: excerpt(data),
      cause: error,
    });
  }
};
