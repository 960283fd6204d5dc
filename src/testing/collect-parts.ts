// Collects a model's stream parts in tests, with arrival times, and assembles text and tool calls.
import type { StreamPart } from '../spec/language-model.js';
import type { ToolCall } from '../spec/messages.js';

export interface CollectedStream {
  parts: StreamPart[];
  /** performance.now() when each part arrived, same order as `parts`. */
  times: number[];
  text: string;
  toolCalls: ToolCall[];
  finish: Extract<StreamPart, { type: 'finish' }> | undefined;
}

export const collectParts = async (stream: AsyncIterable<StreamPart>): Promise<CollectedStream> => {
  const parts: StreamPart[] = [];
  const times: number[] = [];
  const calls = new Map<number, ToolCall>();
  let text = '';
  let finish: CollectedStream['finish'];
  for await (const part of stream) {
    parts.push(part);
    times.push(performance.now());
    if (part.type === 'text-delta') text += part.delta;
    if (part.type === 'finish') finish = part;
    if (part.type === 'tool-call-delta') {
      const call = calls.get(part.index) ?? { id: '', name: '', arguments: '' };
      if (part.id !== undefined) call.id = part.id;
      if (part.name !== undefined) call.name += part.name;
      call.arguments += part.argumentsDelta;
      calls.set(part.index, call);
    }
  }
  const toolCalls = [...calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
  return { parts, times, text, toolCalls, finish };
};
