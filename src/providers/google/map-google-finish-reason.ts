// Maps Gemini's `finishReason` (and a prompt blocked before any candidate) to the unified reason, keeping the raw word.
import type { FinishReason } from '../../spec/finish-reason.js';

const contentFilters = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

/** Gemini says STOP after function calls too; the calls make it a tool-calls finish. */
export const mapGoogleFinishReason = (
  raw: string | null | undefined,
  { hasToolCalls = false, blockReason }: { hasToolCalls?: boolean; blockReason?: string | null } = {},
): FinishReason => {
  if (raw == null && blockReason != null) return { unified: 'content-filter', raw: blockReason };
  const value = raw ?? undefined;
  if (value === 'STOP') return { unified: hasToolCalls ? 'tool-calls' : 'stop', raw: value };
  if (value === 'MAX_TOKENS') return { unified: 'length', raw: value };
  if (value !== undefined && contentFilters.has(value)) return { unified: 'content-filter', raw: value };
  if (value === 'MALFORMED_FUNCTION_CALL' || value === 'UNEXPECTED_TOOL_CALL') {
    return { unified: 'error', raw: value };
  }
  return { unified: 'other', raw: value };
};
