// Turns a provider's stream of parts into one GenerateResult, measuring time to first token.
import type { FinishReason } from '../spec/finish-reason.js';
import type { GenerateResult, StreamPart } from '../spec/language-model.js';
import type { ToolCall } from '../spec/messages.js';
import { emptyUsage } from '../spec/usage.js';
import type { CallWarning } from '../spec/warning.js';

export const collectStream = async (
  parts: AsyncIterable<StreamPart>,
  startedAt: number,
  now: () => number = () => performance.now(),
): Promise<GenerateResult> => {
  let text = '';
  let timeToFirstTokenMs: number | undefined;
  let finishReason: FinishReason = { unified: 'other', raw: undefined };
  let usage = emptyUsage();
  let reportedCostUsd: number | undefined;
  const warnings: CallWarning[] = [];
  const response: GenerateResult['response'] = {};
  const toolCalls = new Map<number, ToolCall>();

  for await (const part of parts) {
    switch (part.type) {
      case 'response-metadata':
        if (part.id !== undefined) response.id = part.id;
        if (part.modelId !== undefined) response.modelId = part.modelId;
        break;
      case 'text-delta':
        if (timeToFirstTokenMs === undefined && part.delta.length > 0) timeToFirstTokenMs = now() - startedAt;
        text += part.delta;
        break;
      case 'tool-call-delta': {
        if (timeToFirstTokenMs === undefined) timeToFirstTokenMs = now() - startedAt;
        const call = toolCalls.get(part.index) ?? { id: '', name: '', arguments: '' };
        if (part.id) call.id = part.id;
        if (part.name) call.name += part.name;
        call.arguments += part.argumentsDelta;
        toolCalls.set(part.index, call);
        break;
      }
      case 'finish':
        finishReason = part.finishReason;
        usage = part.usage;
        reportedCostUsd = part.reportedCostUsd;
        break;
      case 'warnings':
        warnings.push(...part.warnings);
        break;
    }
  }

  const ordered = [...toolCalls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
  return {
    text,
    toolCalls: ordered,
    finishReason,
    usage,
    warnings,
    response,
    ...(timeToFirstTokenMs === undefined ? {} : { timeToFirstTokenMs }),
    ...(reportedCostUsd === undefined ? {} : { reportedCostUsd }),
  };
};
