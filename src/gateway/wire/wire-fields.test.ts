import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { refusedFields, requestExtras, wireFields } from './wire-fields.js';

describe('the table of fields the gateway passes, maps or refuses', () => {
  it('sends every field to a target of the client’s own format, and its unmodelled ones as extras', () => {
    const body = { model: 'chat', messages: [], logprobs: true, user: 'u', 'x-new': { a: [1] } };
    expect(refusedFields('openai-chat', body, 'openai-chat')).toEqual([]);
    expect(requestExtras('openai-chat', body)).toEqual({
      format: 'openai-chat',
      fields: { logprobs: true, 'x-new': { a: [1] } },
    });
    expect(requestExtras('openai-chat', { model: 'chat', messages: [] })).toBeUndefined();
  });

  it('refuses for another format what that format cannot take, and unknown fields, but not no-op values or nulls', () => {
    const body = {
      model: 'chat',
      messages: [],
      temperature: 0.2,
      user: 'u',
      logprobs: true,
      seed: 3,
      frequency_penalty: 0,
      presence_penalty: null,
      'x-new': 1,
    };
    expect(refusedFields('openai-chat', body, 'anthropic-messages')).toEqual([
      { field: 'logprobs', option: undefined },
      { field: 'seed', option: 'seed' },
      { field: 'x-new', option: undefined },
    ]);
    // Google and Bedrock: seed through the common call, user has nowhere to go
    expect(refusedFields('openai-chat', body, 'other').map((refused) => refused.field)).toEqual([
      'user',
      'logprobs',
      'x-new',
    ]);
  });

  it('checks nested fields that map, by their path', () => {
    const body = {
      model: 'chat',
      messages: [],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
    };
    expect(refusedFields('anthropic-messages', body, 'openai-chat')).toEqual([]);
    expect(refusedFields('anthropic-messages', body, 'other')).toEqual([
      { field: 'tool_choice.disable_parallel_tool_use', option: 'parallelToolCalls' },
    ]);
  });

  it('keeps a field named __proto__ as a field', () => {
    const body = JSON.parse('{"model":"chat","messages":[],"__proto__":{"polluted":true}}') as Record<
      string,
      unknown
    >;
    const extras = requestExtras('openai-chat', body);
    expect(JSON.stringify(extras?.fields)).toBe('{"__proto__":{"polluted":true}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('is the table docs/gateway.md shows: every field of it is named there', () => {
    const docs = readFileSync(new URL('../../../docs/gateway.md', import.meta.url), 'utf8');
    const section = docs.slice(
      docs.indexOf('### Fields the gateway passes, maps or refuses'),
      docs.indexOf('### Counting tokens'),
    );
    for (const rows of Object.values(wireFields)) {
      for (const field of Object.keys(rows)) expect(section, field).toContain(`\`${field}\``);
    }
  });
});
