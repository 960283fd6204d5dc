// Maps Bedrock's `stopReason` (Converse and the messageStop event) to the unified reason, keeping the raw word.
import type { FinishReason } from '../../spec/finish-reason.js';

export const mapBedrockFinishReason = (raw: string | null | undefined): FinishReason => {
  const value = raw ?? undefined;
  switch (value) {
    case 'end_turn':
    case 'stop_sequence':
      return { unified: 'stop', raw: value };
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return { unified: 'length', raw: value };
    case 'tool_use':
      return { unified: 'tool-calls', raw: value };
    case 'guardrail_intervened':
    case 'content_filtered':
      return { unified: 'content-filter', raw: value };
    case 'malformed_model_output':
    case 'malformed_tool_use':
      return { unified: 'error', raw: value };
    default:
      return { unified: 'other', raw: value };
  }
};
