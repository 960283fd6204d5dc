// Maps OpenAI's `finish_reason` to the unified reason, keeping the raw word.
import type { FinishReason } from '../../spec/finish-reason.js';

export const mapOpenAIFinishReason = (raw: string | null | undefined): FinishReason => {
  const value = raw ?? undefined;
  switch (value) {
    case 'stop':
      return { unified: 'stop', raw: value };
    case 'length':
      return { unified: 'length', raw: value };
    case 'tool_calls':
    case 'function_call':
      return { unified: 'tool-calls', raw: value };
    case 'content_filter':
      return { unified: 'content-filter', raw: value };
    case 'error':
      return { unified: 'error', raw: value };
    default:
      return { unified: 'other', raw: value };
  }
};
