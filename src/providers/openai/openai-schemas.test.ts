import { describe, expect, it } from 'vitest';
import { readJsonFixture } from '../../testing/read-fixture.js';
import { isOpenAIChatResponse, openaiChatResponseSchema } from './openai-schemas.js';

const fixtures = [
  'chat-completion-text.json',
  'chat-completion-tool-calls.json',
  'chat-completion-reasoning-cached.json',
];

// What a field may be replaced by: every JSON type, and the field left out.
const replacements: unknown[] = [undefined, null, 0, 1.5, -3, '', 'text', true, [], [{}], {}, { name: 'x' }];

/** The value with the thing at `path` replaced (or deleted, for undefined). */
const replaced = (value: unknown, path: (string | number)[], by: unknown): unknown => {
  if (path.length === 0) return by;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  if (rest.length === 0 && by === undefined) delete copy[head];
  else copy[head] = replaced(copy[head], rest, by);
  return copy;
};

/** Every path into a JSON value, the root included. */
const pathsOf = (value: unknown, path: (string | number)[] = []): (string | number)[][] => {
  const paths = [path];
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) paths.push(...pathsOf(item, [...path, index]));
  } else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...path, key]));
  return paths;
};

describe('isOpenAIChatResponse', () => {
  it('accepts the recorded answers, which the schema passes through unchanged', () => {
    for (const name of fixtures) {
      const value = readJsonFixture(import.meta.url, name);
      expect(isOpenAIChatResponse(value)).toBe(true);
      expect(openaiChatResponseSchema.parse(value)).toEqual(value);
    }
  });

  it('agrees with the schema on every field of every recorded answer replaced by any JSON type or left out', () => {
    let refused = 0;
    let checked = 0;
    for (const name of fixtures) {
      const value = readJsonFixture(import.meta.url, name);
      // the fields the schema names but a recording may lack, so their wrong types are tried too
      const widened = replaced(
        replaced(value, ['usage', 'prompt_tokens_details'], { cached_tokens: 1 }),
        ['usage', 'completion_tokens_details'],
        { reasoning_tokens: 1 },
      );
      for (const base of [value, widened]) {
        for (const path of pathsOf(base)) {
          for (const by of replacements) {
            const body = replaced(base, path, by);
            const parsed = openaiChatResponseSchema.safeParse(body);
            expect({ path, by, guard: isOpenAIChatResponse(body) }).toEqual({
              path,
              by,
              guard: parsed.success,
            });
            if (parsed.success) expect(parsed.data).toEqual(body);
            else refused += 1;
            checked += 1;
          }
        }
      }
    }
    // the comparison covered both answers the shape allows and answers it refuses
    expect(refused).toBeGreaterThan(50);
    expect(checked - refused).toBeGreaterThan(50);
  });

  it('refuses a tool call without a function name and a choice without a message', () => {
    expect(isOpenAIChatResponse({ choices: [{ message: { tool_calls: [{ function: {} }] } }] })).toBe(false);
    expect(isOpenAIChatResponse({ choices: [{ finish_reason: 'stop' }] })).toBe(false);
    expect(isOpenAIChatResponse({ choices: [] })).toBe(true);
  });
});
