// A LanguageModel over the Gemini API (generativelanguage.googleapis.com v1beta): `generateContent` and
// `streamGenerateContent?alt=sse`, keyed by the `x-goog-api-key` header.
import { safeHost } from '../../http/map-http-error.js';
import { postJson } from '../../http/post-json.js';
import { postStream } from '../../http/post-stream.js';
import type { CallOptions, GenerateResult, LanguageModel, StreamPart } from '../../spec/language-model.js';
import type { CallWarning } from '../../spec/warning.js';
import { parseWithSchema } from '../parse-provider-response.js';
import { joinUrl, type ProviderSettings } from '../provider-settings.js';
import {
  convertToGoogleMessages,
  convertToGoogleToolConfig,
  convertToGoogleTools,
} from './convert-to-google-messages.js';
import { mapGoogleStatusError } from './google-errors.js';
import { googleResponseSchema } from './google-schemas.js';
import { mapGoogleFinishReason } from './map-google-finish-reason.js';
import { mapGoogleUsage } from './map-google-usage.js';
import { toGoogleStreamParts } from './to-google-stream-parts.js';

export const googleDefaultBaseUrl = 'https://generativelanguage.googleapis.com/v1beta';

/** `gemini-2.5-flash` → `models/gemini-2.5-flash`; a full resource name (`tunedModels/x`) is kept. */
export const googleModelPath = (modelName: string): string =>
  modelName.includes('/') ? modelName : `models/${modelName}`;

export class GoogleChatModel implements LanguageModel {
  readonly provider = 'google';
  readonly modelId: string;
  private readonly settings: ProviderSettings;

  constructor(settings: ProviderSettings) {
    this.settings = settings;
    this.modelId = settings.modelName;
  }

  private url(method: 'generateContent' | 'streamGenerateContent?alt=sse'): string {
    const base = this.settings.baseUrl ?? googleDefaultBaseUrl;
    return joinUrl(base, `/${googleModelPath(this.modelId)}:${method}`);
  }

  private requestBody(options: CallOptions): { body: Record<string, unknown>; warnings: CallWarning[] } {
    const { systemInstruction, contents, warnings } = convertToGoogleMessages(options.messages, {
      modelName: this.modelId,
    });
    const generationConfig: Record<string, unknown> = {};
    if (options.temperature !== undefined) generationConfig.temperature = options.temperature;
    if (options.topP !== undefined) generationConfig.topP = options.topP;
    if (options.maxTokens !== undefined) generationConfig.maxOutputTokens = options.maxTokens;
    if (options.stop !== undefined && options.stop.length > 0) generationConfig.stopSequences = options.stop;
    if (options.seed !== undefined) generationConfig.seed = options.seed;
    if (options.responseFormat?.type === 'json') {
      generationConfig.responseMimeType = 'application/json';
      if (options.responseFormat.schema !== undefined)
        generationConfig.responseJsonSchema = options.responseFormat.schema.schema;
    }
    const body: Record<string, unknown> = { contents };
    if (systemInstruction !== undefined) body.systemInstruction = systemInstruction;
    if (options.tools !== undefined && options.tools.length > 0) {
      body.tools = convertToGoogleTools(options.tools);
      if (options.toolChoice !== undefined) body.toolConfig = convertToGoogleToolConfig(options.toolChoice);
    }
    if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
    return { body, warnings };
  }

  private request(url: string, body: Record<string, unknown>, abortSignal: AbortSignal | undefined) {
    const { apiKey, headers, transport, timeoutMs } = this.settings;
    return {
      url,
      headers: { ...(apiKey === undefined ? {} : { 'x-goog-api-key': apiKey }), ...headers },
      body,
      timeoutMs,
      abortSignal,
      transport,
      mapStatusError: mapGoogleStatusError,
    };
  }

  async generate(options: CallOptions): Promise<GenerateResult> {
    const { body, warnings } = this.requestBody(options);
    const url = this.url('generateContent');
    const { value } = await postJson(this.request(url, body, options.abortSignal));
    const response = parseWithSchema(googleResponseSchema, value, `answer from ${safeHost(url)}`);
    const candidate = response.candidates?.[0];
    let text = '';
    const toolCalls: GenerateResult['toolCalls'] = [];
    for (const part of candidate?.content?.parts ?? []) {
      if (part.thought === true) continue;
      text += part.text ?? '';
      if (part.functionCall != null) {
        toolCalls.push({
          id: part.functionCall.id ?? `call_${toolCalls.length}`,
          name: part.functionCall.name,
          arguments: JSON.stringify(part.functionCall.args ?? {}),
        });
      }
    }
    return {
      text,
      toolCalls,
      finishReason: mapGoogleFinishReason(candidate?.finishReason, {
        hasToolCalls: toolCalls.length > 0,
        blockReason: response.promptFeedback?.blockReason,
      }),
      usage: mapGoogleUsage(response.usageMetadata),
      warnings,
      response: { id: response.responseId ?? undefined, modelId: response.modelVersion ?? undefined },
    };
  }

  async *stream(options: CallOptions): AsyncIterable<StreamPart> {
    const { body, warnings } = this.requestBody(options);
    if (warnings.length > 0) yield { type: 'warnings', warnings };
    const url = this.url('streamGenerateContent?alt=sse');
    const events = await postStream(this.request(url, body, options.abortSignal));
    yield* toGoogleStreamParts(events, safeHost(url));
  }
}
