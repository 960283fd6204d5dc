// Cuts text kept in the store (outputs, tool-call arguments, errors, check reasons) to a bound, saying so.
import { limits } from '../../spec/limits.js';

/**
 * Text as it is stored: at most `limits.maxStoredChars` characters, then a marker with the full length, so a
 * 200 MB answer costs the store 256 KiB and the reports still say how long it was. The checks saw all of it.
 */
export const toStoredText = (text: string): string => {
  const max = limits.maxStoredChars;
  if (text.length <= max) return text;
  // never keep half of a surrogate pair
  const cut = /[\uD800-\uDBFF]/.test(text[max - 1] ?? '') ? max - 1 : max;
  return `${text.slice(0, cut)}\n…[cut by yardstick: ${text.length} characters, the first ${cut} kept]`;
};
