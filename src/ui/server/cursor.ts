// Opaque page cursors: where the last page ended, as base64url JSON, so a list resumes by index (keyset) and
// never by OFFSET. A cursor that does not parse is the client's mistake (400), never a crash.
import { z } from 'zod';
import type { TimeCursor } from '../../store/contract/run-queries.js';
import { UiRequestError } from './ui-request-error.js';

const timeCursorSchema = z.tuple([z.string().min(1).max(100), z.string().min(1).max(200)]);
const caseCursorSchema = z.tuple([z.literal('case'), z.string().max(10_000)]);

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

const decode = <T>(cursor: string, schema: z.ZodType<T>): T => {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new UiRequestError('bad_cursor', 'cursor: not a cursor this API gave; start from the first page');
  }
  return parsed.data;
};

export const encodeTimeCursor = (row: { startedAt: string; id: string }): string =>
  encode([row.startedAt, row.id]);

export const decodeTimeCursor = (cursor: string): TimeCursor => {
  const [startedAt, id] = decode(cursor, timeCursorSchema);
  return { startedAt, id };
};

export const encodeCaseCursor = (caseId: string): string => encode(['case', caseId]);

export const decodeCaseCursor = (cursor: string): string => decode(cursor, caseCursorSchema)[1];

/** The next cursor when the page is full (there may be more), else null. */
export const nextCursorOf = <Row>(
  rows: Row[],
  limit: number,
  encodeRow: (row: Row) => string,
): string | null => {
  const last = rows.at(-1);
  return rows.length >= limit && last !== undefined ? encodeRow(last) : null;
};
