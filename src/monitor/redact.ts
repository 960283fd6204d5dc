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

/** Redacts the captured bodies of a trace of a route that redacts; the others pass unchanged. */
export const createBodyRedactor = (patternsByRoute: Readonly<Record<string, string[]>>) => {
  const redactors = new Map(
    Object.entries(patternsByRoute).map(([route, patterns]) => [route, createRedactor(patterns)]),
  );
  return <T extends { route: string | null; requestJson: string | null; responseJson: string | null }>(
    trace: T,
  ): T => {
    const redactor = trace.route === null ? undefined : redactors.get(trace.route);
    if (!redactor || (trace.requestJson === null && trace.responseJson === null)) return trace;
    return {
      ...trace,
      requestJson: trace.requestJson === null ? null : redactor.text(trace.requestJson),
      responseJson: trace.responseJson === null ? null : redactor.text(trace.responseJson),
    };
  };
};
