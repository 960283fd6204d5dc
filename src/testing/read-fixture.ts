// Reads recorded provider responses from a test's `__fixtures__/` folder.
import { readFileSync } from 'node:fs';
import { splitSseFrames } from './fake-openai-responses.js';

const fixtureText = (testFileUrl: string, name: string): string =>
  readFileSync(new URL(`./__fixtures__/${name}`, testFileUrl), 'utf8');

/** @example readJsonFixture(import.meta.url, 'chat-completion-text.json') */
export const readJsonFixture = (testFileUrl: string, name: string): unknown =>
  JSON.parse(fixtureText(testFileUrl, name));

/** The frames of a recorded `.sse` stream, ready for `{ sse: frames }`. */
export const readSseFixture = (testFileUrl: string, name: string): string[] =>
  splitSseFrames(fixtureText(testFileUrl, name));
