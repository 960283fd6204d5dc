import { describe, expect, it } from 'vitest';
import { type SseEvent, SseParser } from './sse.js';

const parseAll = (chunks: string[]): SseEvent[] => {
  const parser = new SseParser();
  const events = chunks.flatMap((chunk) => parser.push(chunk));
  return [...events, ...parser.end()];
};

const everySplit = (text: string): string[][] => {
  const splits: string[][] = [];
  for (let index = 0; index <= text.length; index++) splits.push([text.slice(0, index), text.slice(index)]);
  return splits;
};

describe('SseParser', () => {
  it('parses events separated by blank lines with LF endings', () => {
    expect(parseAll(['data: one\n\ndata: two\n\n'])).toEqual([{ data: 'one' }, { data: 'two' }]);
  });

  it('parses CRLF and lone CR line endings', () => {
    expect(parseAll(['event: a\r\ndata: one\r\n\r\ndata: two\r\rdata: three\r\n\r\n'])).toEqual([
      { event: 'a', data: 'one' },
      { data: 'two' },
      { data: 'three' },
    ]);
  });

  it('joins multi-line data with newlines', () => {
    expect(parseAll(['data: first\ndata: second\ndata\n\n'])).toEqual([{ data: 'first\nsecond\n' }]);
  });

  it('ignores comments and unknown fields, and strips one leading space only', () => {
    expect(parseAll([': keep-alive\nfoo: bar\ndata:  two spaces\n\n'])).toEqual([{ data: ' two spaces' }]);
  });

  it('does not dispatch an event without data lines', () => {
    expect(parseAll(['event: ping\n\n', ': comment\n\n'])).toEqual([]);
  });

  it('keeps the last event id', () => {
    expect(parseAll(['id: 7\ndata: x\n\ndata: y\n\n'])).toEqual([
      { id: '7', data: 'x' },
      { id: '7', data: 'y' },
    ]);
  });

  it('gives the same events however the text is split into chunks', () => {
    const text = 'event: message_start\r\ndata: {"a":1}\r\n\r\n: ping\n\ndata: b\ndata: c\n\n';
    const expected = parseAll([text]);
    expect(expected).toHaveLength(2);
    for (const split of everySplit(text)) expect(parseAll(split)).toEqual(expected);
    expect(parseAll([...text])).toEqual(expected);
  });

  it('flushes a final event that has no trailing blank line', () => {
    expect(parseAll(['data: a\n\ndata: last'])).toEqual([{ data: 'a' }, { data: 'last' }]);
    expect(parseAll(['data: last\n'])).toEqual([{ data: 'last' }]);
  });
});
