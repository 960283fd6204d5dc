// Reads recorded provider responses from a test's `__fixtures__/` folder.
import { readFileSync } from 'node:fs';
import { encodeEventStreamMessage } from '../http/aws-event-stream.js';
import { splitSseFrames } from './fake-openai-responses.js';

const fixtureText = (testFileUrl: string, name: string): string =>
  readFileSync(new URL(`./__fixtures__/${name}`, testFileUrl), 'utf8');

/** @example readJsonFixture(import.meta.url, 'chat-completion-text.json') */
export const readJsonFixture = (testFileUrl: string, name: string): unknown =>
  JSON.parse(fixtureText(testFileUrl, name));

/** The frames of a recorded `.sse` stream, ready for `{ sse: frames }`. */
export const readSseFixture = (testFileUrl: string, name: string): string[] =>
  splitSseFrames(fixtureText(testFileUrl, name));

/**
 * The frames of a recorded AWS event stream, kept decoded in `.jsonl` (one `{headers, payload}` per line) and
 * encoded here in the binary framing, ready for `{ eventStream: frames }`.
 */
export const readEventStreamFixture = (testFileUrl: string, name: string): Uint8Array[] =>
  fixtureText(testFileUrl, name)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const { headers, payload } = JSON.parse(line) as { headers: Record<string, string>; payload: unknown };
      return encodeEventStreamMessage(headers, JSON.stringify(payload));
    });
