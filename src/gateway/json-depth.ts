// How deep a JSON text nests, found by one pass over its bytes with no recursion, so a request nested 100,000
// levels deep is refused before anything recursive (a serializer, a cache key) can overflow its stack on it.

const quote = 0x22;
const backslash = 0x5c;
const openBracket = 0x5b;
const openBrace = 0x7b;
const closeBracket = 0x5d;
const closeBrace = 0x7d;

/**
 * True when `bytes` (UTF-8 JSON, valid or not) opens more than `limit` arrays and objects inside one another.
 * Brackets inside strings do not count; multi-byte UTF-8 characters never contain these ASCII bytes.
 */
export const nestsDeeperThan = (bytes: Uint8Array, limit: number): boolean => {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index += 1) {
    const byte = bytes[index] as number;
    if (inString) {
      if (byte === backslash) index += 1;
      else if (byte === quote) inString = false;
    } else if (byte === quote) inString = true;
    else if (byte === openBracket || byte === openBrace) {
      depth += 1;
      if (depth > limit) return true;
    } else if (byte === closeBracket || byte === closeBrace) depth -= 1;
  }
  return false;
};
