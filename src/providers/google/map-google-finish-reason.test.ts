import { describe, expect, it } from 'vitest';
import { mapGoogleFinishReason } from './map-google-finish-reason.js';

describe('mapGoogleFinishReason', () => {
  it('maps every documented reason and keeps the raw word', () => {
    expect(mapGoogleFinishReason('STOP')).toEqual({ unified: 'stop', raw: 'STOP' });
    expect(mapGoogleFinishReason('STOP', { hasToolCalls: true })).toEqual({
      unified: 'tool-calls',
      raw: 'STOP',
    });
    expect(mapGoogleFinishReason('MAX_TOKENS')).toEqual({ unified: 'length', raw: 'MAX_TOKENS' });
    for (const raw of ['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']) {
      expect(mapGoogleFinishReason(raw)).toEqual({ unified: 'content-filter', raw });
    }
    expect(mapGoogleFinishReason('MALFORMED_FUNCTION_CALL')).toEqual({
      unified: 'error',
      raw: 'MALFORMED_FUNCTION_CALL',
    });
    expect(mapGoogleFinishReason('LANGUAGE')).toEqual({ unified: 'other', raw: 'LANGUAGE' });
    expect(mapGoogleFinishReason(undefined, { blockReason: 'PROHIBITED_CONTENT' })).toEqual({
      unified: 'content-filter',
      raw: 'PROHIBITED_CONTENT',
    });
    expect(mapGoogleFinishReason(null)).toEqual({ unified: 'other', raw: undefined });
  });
});
