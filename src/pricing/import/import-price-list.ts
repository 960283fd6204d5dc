// Tells which machine-readable price list a text is (OpenRouter's models JSON or LiteLLM's price map) and reads it.
import { YardstickError } from '../../spec/errors.js';
import type { ImportFormat } from '../override-file.js';
import { priceEntrySchema } from '../price-table.js';
import { fromLitellm } from './from-litellm.js';
import { fromOpenrouter } from './from-openrouter.js';
import type { ImportContext, ImportedList } from './imported-row.js';

const labels: Record<ImportFormat, string> = {
  openrouter: 'OpenRouter models list',
  litellm: 'LiteLLM price list',
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const detectFormat = (value: unknown): ImportFormat | undefined => {
  if (!isRecord(value)) return undefined;
  if (Array.isArray(value.data)) return 'openrouter';
  const rows = Object.values(value).filter(isRecord);
  if (rows.length > 0 && rows.some((row) => typeof row.litellm_provider === 'string')) return 'litellm';
  return undefined;
};

/**
 * @example importPriceList(text, { source: 'https://openrouter.ai/api/v1/models', date: '2026-11-29' })
 */
export const importPriceList = (
  text: string,
  context: ImportContext,
): ImportedList & { format: ImportFormat } => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new YardstickError('E_CONFIG', `${context.source} is not JSON: ${(error as Error).message}`);
  }
  const format = detectFormat(value);
  if (format === undefined || !isRecord(value)) {
    throw new YardstickError(
      'E_CONFIG',
      `${context.source} is neither OpenRouter's models list ({"data": [{"id", "pricing"}]}) nor LiteLLM's ` +
        `model_prices_and_context_window.json ({"<model>": {"litellm_provider", "input_cost_per_token", …}})`,
    );
  }
  const list =
    format === 'openrouter' ? fromOpenrouter(value.data as unknown[], context) : fromLitellm(value, context);
  // what the list says must still make a valid row: no infinite price, no tiers that fall, a real date
  for (const entry of list.entries) {
    const issue = priceEntrySchema.safeParse(entry).error?.issues[0];
    if (issue !== undefined) {
      const field = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      throw new YardstickError(
        'E_CONFIG',
        `${labels[format]}: ${entry.provider}:${entry.model}: ${field}${issue.message}`,
      );
    }
  }
  return { ...list, format };
};
