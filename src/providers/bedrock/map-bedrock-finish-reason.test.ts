import { describe, expect, it } from 'vitest';
import { mapBedrockFinishReason } from './map-bedrock-finish-reason.js';

describe('mapBedrockFinishReason', () => {
  it('maps every documented stop reason and keeps the raw word', () => {
    expect(mapBedrockFinishReason('end_turn')).toEqual({ unified: 'stop', raw: 'end_turn' });
    expect(mapBedrockFinishReason('stop_sequence')).toEqual({ unified: 'stop', raw: 'stop_sequence' });
    expect(mapBedrockFinishReason('max_tokens')).toEqual({ unified: 'length', raw: 'max_tokens' });
    expect(mapBedrockFinishReason('model_context_window_exceeded').unified).toBe('length');
    expect(mapBedrockFinishReason('tool_use')).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
    expect(mapBedrockFinishReason('guardrail_intervened').unified).toBe('content-filter');
    expect(mapBedrockFinishReason('content_filtered').unified).toBe('content-filter');
    expect(mapBedrockFinishReason('malformed_tool_use').unified).toBe('error');
    expect(mapBedrockFinishReason(undefined)).toEqual({ unified: 'other', raw: undefined });
  });
});
