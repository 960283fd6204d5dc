// Azure OpenAI's own error: a prompt stopped by the content filter is a 400 with `code: content_filter` and the
// categories that fired; the message says which, so a reader knows it was a policy, not a malformed request.
import type { HttpStatusErrorInput } from '../../http/map-http-error.js';
import { YardstickError } from '../../spec/errors.js';
import { azureErrorSchema } from './azure-schemas.js';

const filteredCategories = (results: Record<string, unknown> | null | undefined): string[] =>
  Object.entries(results ?? {})
    .filter(([, result]) => {
      const record = typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : {};
      return record.filtered === true || record.detected === true;
    })
    .map(([category, result]) => {
      const severity = (result as { severity?: unknown }).severity;
      return typeof severity === 'string' ? `${category} (${severity})` : category;
    });

/** Refines the generic mapping of a non-2xx Azure answer (a StatusErrorMapper). */
export const mapAzureStatusError = (mapped: YardstickError, answer: HttpStatusErrorInput): YardstickError => {
  let value: unknown;
  try {
    value = JSON.parse(answer.rawText);
  } catch {
    return mapped;
  }
  const parsed = azureErrorSchema.safeParse(value);
  if (!parsed.success) return mapped;
  const { error } = parsed.data;
  const filtered =
    error.code === 'content_filter' || error.innererror?.code === 'ResponsibleAIPolicyViolation';
  if (!filtered) return mapped;
  const categories = filteredCategories(error.innererror?.content_filter_result);
  const what = error.param === 'prompt' || error.param == null ? 'the prompt' : `the ${error.param}`;
  const because = categories.length === 0 ? '' : `: ${categories.join(', ')}`;
  const host = /^HTTP \d+ from [^\s:]+(?::\d+)?/.exec(mapped.message)?.[0] ?? `HTTP ${answer.status}`;
  return new YardstickError('E_HTTP_CLIENT', `${host}: Azure's content filter blocked ${what}${because}`, {
    status: answer.status,
    body: mapped.body,
  });
};
