// An EmbeddingModel over the OpenAI `/embeddings` endpoint, for OpenAI and compatible servers.
import { safeHost } from '../../http/map-http-error.js';
import { postJson } from '../../http/post-json.js';
import type { RequestExtras } from '../../spec/extra-fields.js';
import type { EmbeddingModel, EmbeddingResult } from '../../spec/language-model.js';
import { parseWithSchema } from '../parse-provider-response.js';
import { joinUrl } from '../provider-settings.js';
import { type OpenAIChatSettings, openaiDefaultBaseUrl } from './openai-chat-model.js';
import { openaiEmbeddingResponseSchema } from './openai-schemas.js';

export class OpenAIEmbeddingModel implements EmbeddingModel {
  readonly provider: string;
  readonly modelId: string;
  private readonly settings: OpenAIChatSettings;

  constructor(settings: OpenAIChatSettings) {
    this.settings = settings;
    this.provider = settings.providerId ?? 'openai';
    this.modelId = settings.modelName;
  }

  async embed(
    values: string[],
    options: { abortSignal?: AbortSignal; extras?: RequestExtras } = {},
  ): Promise<EmbeddingResult> {
    const { apiKey, headers, transport, timeoutMs } = this.settings;
    const url = joinUrl(this.settings.baseUrl ?? openaiDefaultBaseUrl, '/embeddings');
    const { value } = await postJson({
      url,
      headers: { ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }), ...headers },
      body: {
        // a client's fields beyond the texts (e.g. `dimensions`), when it spoke this API too: sent as they came
        ...(options.extras?.format === 'openai-embeddings' ? options.extras.fields : {}),
        model: this.modelId,
        input: values,
        encoding_format: 'float',
      },
      timeoutMs,
      abortSignal: options.abortSignal,
      transport,
      mapStatusError: this.settings.mapStatusError,
    });
    const response = parseWithSchema(
      openaiEmbeddingResponseSchema,
      value,
      `embeddings from ${safeHost(url)}`,
    );
    // The API may answer out of order; `index` says which input each vector belongs to.
    const ordered = response.data
      .map((item, position) => ({ index: item.index ?? position, embedding: item.embedding }))
      .sort((a, b) => a.index - b.index);
    return {
      embeddings: ordered.map((item) => item.embedding),
      usage: { inputTokens: response.usage?.prompt_tokens ?? undefined },
    };
  }
}
