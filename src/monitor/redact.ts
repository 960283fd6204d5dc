// `monitor.redact`: every match of the route's patterns becomes [redacted], in whatever a sample stores or shows a
// judge, so personal data or secrets in production traffic go no further than the request itself.
import type { Message, ToolCall } from '../spec/messages.js';

export const redactedMark = '[redacted]';

export interface Redactor {
  text(value: string): string;
  messages(messages: Message[]): Message[];
  toolCalls(calls: ToolCall[]): ToolCall[];
}

/** A redactor for these pattern sources (checked at config load); with none, everything passes unchanged. */
export const createRedactor = (patterns: readonly string[]): Redactor => {
  const compiled = patterns.map((pattern) => new RegExp(pattern, 'g'));
  const text = (value: string): string =>
    compiled.reduce((result, pattern) => result.replace(pattern, redactedMark), value);
  return {
    text,
    messages: (messages) =>
      compiled.length === 0
        ? messages
        : messages.map((message) =>
            message.role === 'assistant' && message.toolCalls
              ? {
                  ...message,
                  content: text(message.content),
                  toolCalls: message.toolCalls.map((call) => ({ ...call, arguments: text(call.arguments) })),
                }
              : { ...message, content: text(message.content) },
          ),
    toolCalls: (calls) =>
      compiled.length === 0 ? calls : calls.map((call) => ({ ...call, arguments: text(call.arguments) })),
  };
};
