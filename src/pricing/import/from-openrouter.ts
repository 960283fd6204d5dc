// Reads OpenRouter's models list (GET https://openrouter.ai/api/v1/models): `data[]` of models, each with
// `pricing` as USD per token in decimal strings; -1 marks a router whose price depends on where it sends you.
import { z } from 'zod';
import { YardstickError } from '../../spec/errors.js';
import { countSkip, type ImportContext, type ImportedList, importedRow, perMillion } from './imported-row.js';

const decimal = z
  .string({ error: 'must be a decimal number in a string, e.g. "0.0000025"' })
  .regex(/^-?\d+(\.\d+)?(e-?\d+)?$/i, 'must be a decimal number in a string, e.g. "0.0000025"');

const modelSchema = z.looseObject({
  id: z.string({ error: 'must be the model id' }).min(1),
  pricing: z.looseObject({
    prompt: decimal,
    completion: decimal,
    input_cache_read: decimal.optional(),
    input_cache_write: decimal.optional(),
  }),
});

const describe = (index: number, value: unknown, issue: z.core.$ZodIssue | undefined): string => {
  const id = (value as { id?: unknown } | null)?.id;
  const name = typeof id === 'string' ? ` (${id})` : '';
  const field = issue && issue.path.length > 0 ? `${issue.path.join('.')} ` : '';
  return `OpenRouter models list: data[${index}]${name}: ${field}${issue?.message ?? 'is invalid'}`;
};

export const fromOpenrouter = (models: readonly unknown[], context: ImportContext): ImportedList => {
  const result: ImportedList = { entries: [], skipped: {} };
  const seen = new Set<string>();
  for (const [index, value] of models.entries()) {
    const parsed = modelSchema.safeParse(value);
    if (!parsed.success) throw new YardstickError('E_CONFIG', describe(index, value, parsed.error.issues[0]));
    const { id, pricing } = parsed.data;
    const prices = [pricing.prompt, pricing.completion, pricing.input_cache_read, pricing.input_cache_write];
    if (prices.some((text) => text !== undefined && Number(text) < 0)) {
      countSkip(result.skipped, 'routers priced by where they send the call');
      continue;
    }
    if (seen.has(id.toLowerCase())) {
      countSkip(result.skipped, 'models listed twice (the first was kept)');
      continue;
    }
    seen.add(id.toLowerCase());
    const rate = (text: string | undefined) => (text === undefined ? undefined : perMillion(Number(text)));
    const rates = {
      input: perMillion(Number(pricing.prompt)),
      output: perMillion(Number(pricing.completion)),
      cachedInput: rate(pricing.input_cache_read),
      cacheWrite: rate(pricing.input_cache_write),
    };
    result.entries.push(importedRow('openrouter', id, rates, context));
  }
  return result;
};
