// An EmbeddingModel over Gemini's `batchEmbedContents`: one request for all the values, vectors in input order.
import { safeHost } from '../../http/map-http-error.js';
import { postJson } from '../../http/post-json.js';
import { YardstickError } from '../../spec/errors.js';
import type { EmbeddingModel, EmbeddingResult } from '../../spec/language-model.js';
import { parseWithSchema } from '../parse-provider-response.js';
import { joinUrl, type ProviderSettings } from '../provider-settings.js';
import { googleDefaultBaseUrl, googleModelPath } from './google-chat-model.js';
import { mapGoogleStatusError } from './google-errors.js';
import { googleEmbeddingsSchema } from './google-schemas.js';

export class GoogleEmbeddingModel implements EmbeddingModel {
  readonly provider = 'google';
  readonly modelId: string;
  private readonly settings: ProviderSettings;

  constructor(settings: ProviderSettings) {
    this.settings = settings;
    this.modelId = settings.modelName;
  }

  async embed(values: string[], options: { abortSignal?: AbortSignal } = {}): Promise<EmbeddingResult> {
    const { apiKey, headers, transport, timeoutMs } = this.settings;
    const model = googleModelPath(this.modelId);
    const url = joinUrl(this.settings.baseUrl ?? googleDefaultBaseUrl, `/${model}:batchEmbedContents`);
    const { value } = await postJson({
      url,
      headers: { ...(apiKey === undefined ? {} : { 'x-goog-api-key': apiKey }), ...headers },
      body: { requests: values.map((text) => ({ model, content: { parts: [{ text }] } })) },
      timeoutMs,
      abortSignal: options.abortSignal,
      transport,
      mapStatusError: mapGoogleStatusError,
    });
    const response = parseWithSchema(googleEmbeddingsSchema, value, `embeddings from ${safeHost(url)}`);
    if (response.embeddings.length !== values.length) {
      throw new YardstickError(
        'E_MALFORMED_RESPONSE',
        `${safeHost(url)} sent ${response.embeddings.length} embeddings for ${values.length} values`,
      );
    }
    // the Gemini API reports no token count for embeddings
    return { embeddings: response.embeddings.map((item) => item.values), usage: { inputTokens: undefined } };
  }
}
