// The query parameters of each API endpoint, parsed with a schema: a wrong one is a 400 naming the parameter
// and what it takes, never a crash or a silently ignored filter.
import { z } from 'zod';
import { UiRequestError } from './ui-request-error.js';

const durationUnits = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** An ISO date or time, or a duration back from now (`30m`, `12h`, `7d`), as ISO text. */
const moment = z.string().transform((text, context) => {
  const match = /^(\d{1,6})([mhd])$/.exec(text.trim());
  if (match) {
    const unit = durationUnits[match[2] as keyof typeof durationUnits];
    return new Date(Date.now() - Number(match[1]) * unit).toISOString();
  }
  const at = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) {
    context.addIssue({ code: 'custom', message: 'takes a date (2026-11-01), a time, or 30m, 12h, 7d' });
    return z.NEVER;
  }
  return new Date(at).toISOString();
});

const limit = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const fraction = z.coerce.number().min(0).max(1);
const text = z.string().min(1).max(500);
const flag = z.enum(['1', 'true', '0', 'false']).transform((value) => value === '1' || value === 'true');

export const runsQuery = z.strictObject({
  suite: text.optional(),
  model: text.optional(),
  status: z.enum(['running', 'completed', 'aborted', 'failed']).optional(),
  since: moment.optional(),
  until: moment.optional(),
  cursor: z.string().max(2000).optional(),
  limit: limit(25, 200),
});

/** Endpoints that take no parameter still refuse unknown ones, so a typo is not silently ignored. */
export const noQuery = z.strictObject({});

export const runQuery = z.strictObject({ threshold: fraction.optional() });

export const casesQuery = z.strictObject({
  cursor: z.string().max(20_000).optional(),
  limit: limit(100, 500),
  failing: flag.default(false),
});

export const caseQuery = z.strictObject({ model: text, prompt: text });

/** `<run-id>@<model>`: the UI names runs in the store only, never files. */
const side = z
  .string()
  .max(1000)
  .regex(/^[^@]+@.+$/, 'takes <run-id>@<model>');

export const compareQuery = z.strictObject({
  baseline: side,
  candidate: side,
  maxDrop: fraction.default(0),
  rule: z.enum(['default', 'non-inferiority']).default('default'),
  detect: fraction.optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: limit(100, 1000),
});

export const tracesQuery = z.strictObject({
  route: text.optional(),
  key: text.optional(),
  model: text.optional(),
  status: z
    .union([z.enum(['ok', 'error']), z.string().regex(/^\d{3}$/, 'takes ok, error or a status such as 429')])
    .transform((value) => (value === 'ok' || value === 'error' ? value : Number(value)))
    .optional(),
  monitor: z.literal('failed', { message: 'takes failed' }).optional(),
  since: moment.optional(),
  until: moment.optional(),
  cursor: z.string().max(2000).optional(),
  limit: limit(50, 500),
});

export const monitorsQuery = z.strictObject({
  bucket: z.enum(['hour', 'day']).default('hour'),
  route: text.optional(),
  since: moment.optional(),
  until: moment.optional(),
});

/** The body of `POST /api/traces/<id>/capture`; `expect` as `yardstick capture --expect` takes it. */
export const captureBody = z.strictObject({
  file: z.string().min(1).max(500),
  expect: z.array(z.string().min(1).max(2000)).max(20).optional(),
  expectFromOutput: z.boolean().optional(),
});

export const spendQuery = z.strictObject({
  by: z.enum(['key', 'route']).default('key'),
  bucket: z.enum(['hour', 'day']).default('day'),
  since: moment.optional(),
  until: moment.optional(),
});

/** Parses a JSON request body with a schema; a problem is a 400 naming the field. */
export const parseBody = <Schema extends z.ZodType>(schema: Schema, body: string): z.output<Schema> => {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new UiRequestError('bad_request', 'the body is not JSON; send {"file": "regressions.jsonl"}');
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name =
    issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue?.path.join('.') || 'the body';
  const message =
    issue?.code === 'unrecognized_keys'
      ? `unknown field ${name}; docs/ui.md lists the fields`
      : `${name}: ${issue?.message ?? 'invalid'}`;
  throw new UiRequestError('bad_request', message);
};

/** Parses a URL's query with a schema; the first problem becomes a 400 naming the parameter. */
export const parseQuery = <Schema extends z.ZodType>(
  schema: Schema,
  params: URLSearchParams,
): z.output<Schema> => {
  const raw: Record<string, string> = {};
  for (const [name, value] of params) {
    // `token` is the access token of a first visit, read by the access check, not a parameter
    if (name === 'token') continue;
    // an empty field of a form means "no filter"
    if (value !== '') raw[name] = value;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = issue?.path.join('.') || (issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : '');
  const message =
    issue?.code === 'unrecognized_keys'
      ? `unknown parameter ${name}; docs/ui.md lists each endpoint's parameters`
      : `${name}: ${issue?.message ?? 'invalid'}`;
  throw new UiRequestError('bad_request', message);
};
