// Parsing a client's request body with its wire format's schema: the first problem becomes a 400 that names the
// field, e.g. `messages.0.role`.
import type { z } from 'zod';

/** A request the format can carry but the gateway cannot serve, or a malformed one: a 400 naming the field. */
export class WireRequestError extends Error {
  constructor(
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

/**
 * The issue worth telling: for a value that matched none of a union's options, the option it came closest to
 * (its type matched, something inside did not), so `stop: [17 strings]` says "at most 16 …", not "Invalid input".
 */
const specificIssue = (issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string } => {
  if (issue.code !== 'invalid_union') return issue;
  for (const branch of issue.errors) {
    const [first] = branch;
    if (first && !(first.code === 'invalid_type' && first.path.length === 0)) {
      const inner = specificIssue(first);
      return { path: [...issue.path, ...inner.path], message: inner.message };
    }
  }
  return issue;
};

/**
 * Parses a request body (or the part of it at `at`, e.g. `input.3`) with its schema; throws WireRequestError
 * naming the first problem's field.
 */
export const parseRequest = <S extends z.ZodType>(schema: S, json: unknown, at?: string): z.output<S> => {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const issue = first ? specificIssue(first) : undefined;
  const path = [...(at === undefined ? [] : [at]), ...(issue?.path.map(String) ?? [])];
  const param = path.join('.') || null;
  throw new WireRequestError(`${param ?? 'body'}: ${issue?.message ?? 'invalid request body'}`, param);
};
