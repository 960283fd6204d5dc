// The promptfoo-style `__expected` column: `contains: text`, `regex: pattern`, `equals: text`, `starts-with: text`, or plain text.
import type { AssertionConfig } from '../spec/assertion.js';

export type ParsedExpected =
  | { ok: true; assertion: AssertionConfig | undefined }
  | { ok: false; message: string };

const prefixed = /^(contains|regex|equals|starts-with)\s*:\s?([\s\S]*)$/;

/** One assertion from an `__expected` cell; an empty cell gives none. */
export const parseExpected = (cell: string): ParsedExpected => {
  if (cell.trim() === '') return { ok: true, assertion: undefined };
  const match = prefixed.exec(cell.trim());
  const kind = match?.[1];
  const value = match?.[2] ?? cell;
  switch (kind) {
    case 'contains':
      return { ok: true, assertion: { type: 'contains', value } };
    case 'starts-with':
      return { ok: true, assertion: { type: 'starts-with', value } };
    case 'regex':
      try {
        new RegExp(value);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return {
          ok: false,
          message: `invalid regular expression (${reason}); fix the pattern after "regex:"`,
        };
      }
      return { ok: true, assertion: { type: 'regex', value } };
    default:
      return { ok: true, assertion: { type: 'equals', value } };
  }
};
