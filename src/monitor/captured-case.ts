// `capture`: a traced request as a suite test case (its whole conversation as the case's `messages`), and the
// JSONL test file it is appended to: never rewritten, and a trace already in the file is not added again.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AssertionConfig } from '../spec/assertion.js';
import type { Message } from '../spec/messages.js';
import { type TestEntry, testEntrySchema } from '../suite/suite-schema.js';

export interface TracedConversation {
  traceId: string;
  startedAt: string;
  route: string | null;
  model: string | null;
  messages: Message[];
  /** The answer the route gave, when known. */
  output: string | undefined;
}

/** The id a captured case gets: the trace id, so the same trace is recognised in the file. */
export const capturedCaseId = (traceId: string): string => `trace-${traceId}`;

export const toCapturedCase = (traced: TracedConversation, assert: AssertionConfig[]): TestEntry => {
  const where = `trace ${traced.traceId}${traced.route ? ` on route ${traced.route}` : ''}${traced.model ? ` (${traced.model})` : ''}, ${traced.startedAt}`;
  const entry = {
    id: capturedCaseId(traced.traceId),
    description:
      assert.length > 0
        ? `captured from ${where}`
        : `needs review: captured from ${where} without assertions; the next eval shows its output, then add assert`,
    vars: traced.route ? { route: traced.route } : {},
    messages: traced.messages,
    ...(assert.length > 0 ? { assert } : {}),
  };
  // what the suite loader accepts is what is written
  return testEntrySchema.parse(entry);
};

/** Ids already in a JSONL test file; lines that are not JSON objects with an id are left alone. */
const idsIn = (content: string): Set<string> => {
  const ids = new Set<string>();
  for (const line of content.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const row: unknown = JSON.parse(line);
      if (typeof row === 'object' && row !== null && 'id' in row && typeof row.id === 'string')
        ids.add(row.id);
    } catch {
      // a line the suite loader will report; capture does not rewrite it
    }
  }
  return ids;
};

/** Appends the cases not yet in `file` (created with its folder if missing); returns the ids appended and skipped. */
export const appendCases = async (
  file: string,
  cases: TestEntry[],
): Promise<{ appended: string[]; skipped: string[] }> => {
  const existing = await readFile(file, 'utf8').catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return '';
    throw error;
  });
  const ids = idsIn(existing);
  const appended: string[] = [];
  const skipped: string[] = [];
  let text = existing !== '' && !existing.endsWith('\n') ? '\n' : '';
  for (const entry of cases) {
    const id = entry.id as string;
    if (ids.has(id)) {
      skipped.push(id);
      continue;
    }
    ids.add(id);
    appended.push(id);
    text += `${JSON.stringify(entry)}\n`;
  }
  if (appended.length > 0) {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await appendFile(file, text);
  }
  return { appended, skipped };
};
