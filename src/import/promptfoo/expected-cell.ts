// promptfoo's assertion string syntax (`__expected` columns): `type:value`, `type(threshold):value`, `not-type:…`,
// `fn:`/`javascript:`/`grade:` shorthands, and a plain value meaning `equals`. Returns a promptfoo assertion object.

/** promptfoo's base assertion types (0.123), in the order of its schema. */
export const promptfooAssertionTypes = [
  'agent-rubric',
  'answer-relevance',
  'bleu',
  'classifier',
  'contains',
  'contains-all',
  'contains-any',
  'contains-html',
  'contains-json',
  'contains-sql',
  'contains-xml',
  'context-faithfulness',
  'context-recall',
  'context-relevance',
  'conversation-relevance',
  'cost',
  'equals',
  'factuality',
  'finish-reason',
  'g-eval',
  'gleu',
  'guardrails',
  'icontains',
  'icontains-all',
  'icontains-any',
  'is-html',
  'is-json',
  'is-refusal',
  'is-sql',
  'is-valid-function-call',
  'is-valid-openai-function-call',
  'is-valid-openai-tools-call',
  'is-xml',
  'javascript',
  'latency',
  'levenshtein',
  'llm-rubric',
  'pi',
  'meteor',
  'model-graded-closedqa',
  'model-graded-factuality',
  'moderation',
  'perplexity',
  'perplexity-score',
  'python',
  'regex',
  'rouge-n',
  'ruby',
  'similar',
  'similar:cosine',
  'similar:dot',
  'similar:euclidean',
  'starts-with',
  'tool-call-f1',
  'skill-used',
  'trajectory:goal-success',
  'trajectory:tool-args-match',
  'trajectory:step-count',
  'trajectory:tool-sequence',
  'trajectory:tool-used',
  'trace-error-spans',
  'trace-span-count',
  'trace-span-duration',
  'search-rubric',
  'webhook',
  'word-count',
];

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// in promptfoo's order: the pattern is anchored, so `contains-any:x` still backtracks past `contains`
const typePattern = new RegExp(
  `^(not-)?(${promptfooAssertionTypes.map(escapeRegex).join('|')})(?:\\((\\d+(?:\\.\\d+)?)\\))?(?::([\\s\\S]*))?$`,
);

const listTypes = new Set(['contains-all', 'contains-any', 'icontains-all', 'icontains-any']);
const thresholdTypes = new Set([
  'answer-relevance',
  'classifier',
  'context-faithfulness',
  'context-recall',
  'context-relevance',
  'cost',
  'latency',
  'levenshtein',
  'perplexity-score',
  'perplexity',
  'rouge-n',
  'similar',
  'starts-with',
]);

/** `a, "b, c",d` → `['a', 'b, c', 'd']`: commas separate, double quotes (with `""` or `\"` inside) protect. */
export const splitCommaList = (value: string): string[] => {
  const fields: string[] = [];
  let index = 0;
  while (index < value.length) {
    while (index < value.length && (/\s/.test(value[index] ?? '') || value[index] === ',')) index++;
    if (index >= value.length) break;
    if (value[index] !== '"') {
      const end = value.indexOf(',', index);
      const stop = end < 0 ? value.length : end;
      fields.push(value.slice(index, stop).trim());
      index = stop;
      continue;
    }
    let field = '';
    index++;
    while (index < value.length) {
      const char = value[index];
      const next = value[index + 1];
      if ((char === '\\' && (next === '"' || next === '\\')) || (char === '"' && next === '"')) {
        field += next;
        index += 2;
      } else if (char === '"') break;
      else {
        field += char;
        index++;
      }
    }
    fields.push(field);
    index++;
  }
  return fields;
};

/** One promptfoo assertion object from a cell (already trimmed), as promptfoo 0.123 reads it. */
export const assertionFromCell = (cell: string): Record<string, unknown> => {
  for (const [prefix, length] of [
    ['javascript:', 11],
    ['fn:', 3],
    ['eval:', 5],
  ] as const) {
    if (cell.startsWith(prefix)) return { type: 'javascript', value: cell.slice(length).trim() };
  }
  if (cell.startsWith('file://') && /\.(m|c)?[jt]s(:\w+)?$/.test(cell))
    return { type: 'javascript', value: cell };
  if (cell.startsWith('grade:')) return { type: 'llm-rubric', value: cell.slice(6) };
  if (cell.startsWith('llm-rubric:')) return { type: 'llm-rubric', value: cell.slice(11) };
  if (cell.startsWith('python:') || (cell.startsWith('file://') && /\.py(:\w+)?$/.test(cell)))
    return { type: 'python', value: cell.slice(7).trim() };
  const match = typePattern.exec(cell);
  if (!match) return { type: 'equals', value: cell };
  const [, not, type = '', thresholdText, value] = match;
  const fullType = `${not ?? ''}${type}`;
  if (listTypes.has(type)) return { type: fullType, value: value ? splitCommaList(value) : value };
  if (type === 'contains-json' || type === 'is-json') return { type: fullType, value };
  const threshold = thresholdText === undefined ? undefined : Number(thresholdText);
  if (thresholdTypes.has(type)) {
    return {
      type: fullType,
      value: value?.trim(),
      threshold: threshold ?? (type === 'similar' ? 0.8 : 0.75),
    };
  }
  return { type: fullType, value: value?.trim() };
};
