// An inline promptfoo `javascript` check as a yardstick one that decides the same way: promptfoo runs one line as
// an expression (a line opening with const/let/var returns its last statement) and several lines as a function
// body, and passes a number when it is > 0, or ≥ the assertion's threshold; yardstick passes a number at ≥ 0.5.

/** The index of the last `;` outside string literals, or -1. */
const lastStatementEnd = (code: string): number => {
  let quote: string | undefined;
  let last = -1;
  for (let index = 0; index < code.length; index++) {
    const char = code[index];
    if (quote !== undefined) {
      if (char === '\\') index++;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"' || char === '`') quote = char;
    else if (char === ';') last = index;
  }
  return last;
};

/** The function body promptfoo builds from the check's text. */
export const toFunctionBody = (code: string): string => {
  const trimmedEnd = code.trimEnd();
  if (trimmedEnd.includes('\n')) return trimmedEnd;
  const line = trimmedEnd.trim().replace(/;+\s*$/, '');
  if (!/^(const|let|var)\s/.test(line)) return `return ${line}`;
  const end = lastStatementEnd(line);
  if (end < 0) return line;
  const expression = line.slice(end + 1).trim();
  return expression === '' ? line : `${line.slice(0, end + 1)} return ${expression}`;
};

/** promptfoo context fields a yardstick check does not receive. */
const missingContext =
  /\bcontext\s*\.\s*(prompt|test|config|provider|providerResponse|logProbs|metadata|trace)\b/;

export interface TranslatedCheck {
  code: string;
  /** A `context.*` field the check reads that yardstick does not pass, if any. */
  missingField?: string;
}

/** The yardstick inline code for a promptfoo inline check; `threshold` is the assertion's, if any. */
export const translateJavascript = (code: string, threshold: number | undefined): TranslatedCheck => {
  const body = toFunctionBody(code)
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  const passes = threshold === undefined ? 'result > 0' : `result >= ${threshold}`;
  const translated = [
    '// promptfoo check, unchanged; a number it returns passes when ' +
      (threshold === undefined ? '> 0' : `≥ ${threshold}`),
    'const check = (output, context) => {',
    body,
    '};',
    'const result = await check(output, context);',
    `return typeof result === 'number' ? { pass: ${passes}, score: result } : result;`,
  ].join('\n');
  const missing = missingContext.exec(code)?.[1];
  return { code: translated, ...(missing ? { missingField: missing } : {}) };
};

/**
 * A check for promptfoo's `contains-json` without a schema: from some `{`, the span up to where its braces balance
 * parses as JSON, found the way promptfoo finds it. promptfoo also accepts YAML-style objects and closes braces
 * left open at the end of the output; this check is stricter there.
 */
export const containsJsonCheck = [
  '// promptfoo contains-json: some balanced {...} in the output parses as JSON',
  "for (let start = output.indexOf('{'); start >= 0; start = output.indexOf('{', start + 1)) {",
  '  let depth = 0;',
  '  for (let end = start; end < output.length; end++) {',
  "    if (output[end] === '{') depth++;",
  "    else if (output[end] === '}' && --depth === 0) {",
  '      try {',
  '        JSON.parse(output.slice(start, end + 1));',
  '        return true;',
  '      } catch {}',
  '      break;',
  '    }',
  '  }',
  '}',
  'return false;',
].join('\n');
