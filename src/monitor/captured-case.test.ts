// The test file `capture` appends to: never rewritten, a trace already in it skipped, a missing file created.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendCases, toCapturedCase } from './captured-case.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'yardstick-capture-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const traced = (traceId: string) => ({
  traceId,
  startedAt: '2026-11-29T10:00:00.000Z',
  route: 'faq',
  model: 'up:mini',
  messages: [{ role: 'user' as const, content: `question of ${traceId}` }],
  output: 'I am not sure.',
});

describe('appendCases', () => {
  it('appends after what the file holds, byte for byte, adding a missing final newline', async () => {
    const file = path.join(dir, 'tests', 'regressions.jsonl');
    await appendCases(file, [toCapturedCase(traced('a'), [])]);
    const handWritten = `${await readFile(file, 'utf8')}{"id":"mine","vars":{"q":"x"}}`;
    await writeFile(file, handWritten);
    const result = await appendCases(file, [
      toCapturedCase(traced('a'), [{ type: 'contains', value: 'two' }]),
      toCapturedCase(traced('b'), [{ type: 'contains', value: 'two' }]),
    ]);
    expect(result).toEqual({ appended: ['trace-b'], skipped: ['trace-a'] });
    const content = await readFile(file, 'utf8');
    expect(content.startsWith(`${handWritten}\n`)).toBe(true);
    expect(content.trim().split('\n')).toHaveLength(3);
  });

  it('marks a case without assertions for review, and names the trace in a case with them', async () => {
    expect(toCapturedCase(traced('a'), []).description).toMatch(
      /^needs review: captured from trace a on route faq/,
    );
    const checked = toCapturedCase(traced('a'), [{ type: 'contains', value: 'two' }]);
    expect(checked.description).toBe(
      'captured from trace a on route faq (up:mini), 2026-11-29T10:00:00.000Z',
    );
    expect(checked).toMatchObject({ id: 'trace-a', vars: { route: 'faq' }, assert: [{ type: 'contains' }] });
  });
});
