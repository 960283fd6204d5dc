import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from './json-depth.js';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');

describe('nestsDeeperThan', () => {
  it('counts arrays and objects inside one another, up to the limit and one past it', async () => {
    expect(nestsDeeperThan(bytes('{"a":[{"b":[1]}]}'), 4)).toBe(false);
    expect(nestsDeeperThan(bytes('{"a":[{"b":[1]}]}'), 3)).toBe(true);
    expect(nestsDeeperThan(bytes('[[],[],[[]]]'), 3)).toBe(false);
    expect(nestsDeeperThan(bytes('[[],[],[[]]]'), 2)).toBe(true);
  });

  it('ignores brackets in strings, escaped quotes included, and in non-ASCII text', async () => {
    expect(nestsDeeperThan(bytes('{"a":"[[[[{{{{","b":"\\"[[[[\\\\"}'), 1)).toBe(false);
    expect(nestsDeeperThan(bytes('["日本語[[[[", "😀{{{{"]'), 1)).toBe(false);
  });

  it('scans 100,000 levels without recursion', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(nestsDeeperThan(bytes(deep), 64)).toBe(true);
    expect(nestsDeeperThan(bytes(deep), 100_000)).toBe(false);
  });
});
