import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../spec/messages.js';
import { fuzzSeed } from '../../testing/fuzz-seed.js';
import { convertToBedrockMessages } from './convert-to-bedrock-messages.js';

const message: fc.Arbitrary<Message> = fc.oneof(
  fc.record({ role: fc.constant('system' as const), content: fc.string() }),
  fc.record({ role: fc.constant('user' as const), content: fc.string({ minLength: 1 }) }),
  fc.record({
    role: fc.constant('tool' as const),
    toolCallId: fc.string({ minLength: 1 }),
    content: fc.string(),
  }),
  fc.record({
    role: fc.constant('assistant' as const),
    content: fc.string(),
    toolCalls: fc.array(
      fc.record({
        id: fc.string({ minLength: 1 }),
        name: fc.string({ minLength: 1 }),
        arguments: fc.string(),
      }),
      { maxLength: 3 },
    ),
  }),
);

describe('convertToBedrockMessages', () => {
  it('gives any conversation as turns that alternate roles, with no blank text block and no empty turn', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 12 }), (messages) => {
        const { system, messages: turns } = convertToBedrockMessages(messages);
        expect(system).toHaveLength(messages.filter((item) => item.role === 'system').length);
        turns.forEach((turn, index) => {
          expect(turn.content.length).toBeGreaterThan(0);
          if (index > 0) expect(turn.role).not.toBe(turns[index - 1]?.role);
          for (const block of turn.content)
            if ('text' in block && turn.role === 'assistant') expect(block.text).not.toBe('');
          for (const block of turn.content)
            if ('toolUse' in block) expect(typeof block.toolUse.input).toBe('object');
        });
      }),
      { seed: fuzzSeed(20_261_130), numRuns: 500 },
    );
  });
});
