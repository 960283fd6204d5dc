// A LanguageModel over the Chat Completions API, for OpenAI and every OpenAI-compatible server.
import { safeHost } from '../../http/map-http-error.js';
import { postJson } from '../../http/post-json.js';
import { postStream } from '../../http/post-stream.js';
import type { StatusErrorMapper } from '../../http/send-post.js';
import type { CallOptions, GenerateResult, LanguageModel, StreamPart } from '../../spec/language-model.js';
import { parseWithGuard } from '../parse-provider-response.js';
import { joinUrl, type ProviderSettings } from '../provider-settings.js';
import {
  convertToOpenAIMessages,
  convertToOpenAIToolChoice,
  convertToOpenAITools,
  toOpenAIResponseFormat,
} from './convert-to-openai-messages.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { mapOpenAIUsage } from './map-openai-usage.js';
import { openaiResponseExtras } from './openai-extras.js';
import { isOpenAIChatResponse, openaiChatResponseSchema } from './openai-schemas.js';
import { toOpenAIStreamParts } from './to-openai-stream-parts.js';

export interface OpenAIChatSettings extends ProviderSettings {
  /** Registry id reported as `provider`, e.g. `groq`; defaults to `openai`. */
  providerId?: string;
  /** OpenAI's own API wants `max_completion_tokens`; most compatible servers read `max_tokens`. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /** What this host's error bodies say beyond the status (Azure's content filter). */
  mapStatusError?: StatusErrorMapper;
}

export const openaiDefaultBaseUrl = 'https://api.openai.com/v1';

export class OpenAIChatModel implements LanguageModel {
  readonly provider: string;
  readonly modelId: string;
  private readonly settings: OpenAIChatSettings;
  // made once: a gateway calls the same model thousands of times a second
  private readonly url: string;
  private readonly host: string;
  private readonly headers: Record<string, string | undefined>;

  constructor(settings: OpenAIChatSettings) {
    this.settings = settings;
    this.provider = settings.providerId ?? 'openai';
    this.modelId = settings.modelName;
    this.url = joinUrl(settings.baseUrl ?? openaiDefaultBaseUrl, '/chat/completions');
    this.host = safeHost(this.url);
    const { apiKey, headers } = settings;
    this.headers = apiKey === undefined ? { ...headers } : { authorization: `Bearer ${apiKey}`, ...headers };
  }

  private requestBody(options: CallOptions, stream: boolean): Record<string, unknown> {
    const body: Record<string, unknown> = {
      model: this.modelId,
      messages: convertToOpenAIMessages(options.messages),
      // a client's fields the common call does not model, when it spoke this API too: sent as they came
      ...(options.extras?.format === 'openai-chat' ? options.extras.fields : {}),
    };
    if (options.temperature !== undefined) body.temperature = options.temperature;
    if (options.maxTokens !== undefined)
      body[this.settings.maxTokensField ?? 'max_tokens'] = options.maxTokens;
    if (options.topP !== undefined) body.top_p = options.topP;
    if (options.stop !== undefined && options.stop.length > 0) body.stop = options.stop;
    if (options.seed !== undefined) body.seed = options.seed;
    if (options.responseFormat?.type === 'json')
      body.response_format = toOpenAIResponseFormat(options.responseFormat);
    if (options.reasoningEffort !== undefined) body.reasoning_effort = options.reasoningEffort;
    if (options.user !== undefined) body.user = options.user;
    // as the client sent it: OpenAI refuses it without tools, which the client then hears from OpenAI itself
    if (options.parallelToolCalls !== undefined) body.parallel_tool_calls = options.parallelToolCalls;
    if (options.tools !== undefined && options.tools.length > 0) {
      body.tools = convertToOpenAITools(options.tools);
      if (options.toolChoice !== undefined) body.tool_choice = convertToOpenAIToolChoice(options.toolChoice);
    }
    if (stream) {
      body.stream = true;
      body.stream_options = { include_usage: true };
    }
    return body;
  }

  private request(options: CallOptions, stream: boolean) {
    const { transport, timeoutMs } = this.settings;
    return {
      url: this.url,
      headers: this.headers,
      body: this.requestBody(options, stream),
      timeoutMs,
      abortSignal: options.abortSignal,
      transport,
      mapStatusError: this.settings.mapStatusError,
    };
  }

  async generate(options: CallOptions): Promise<GenerateResult> {
    const { value } = await postJson(this.request(options, false));
    const response = parseWithGuard(
      isOpenAIChatResponse,
      openaiChatResponseSchema,
      value,
      `chat completion from ${this.host}`,
    );
    const choice = response.choices[0];
    const extras = openaiResponseExtras(response, choice);
    return {
      text: choice?.message.content ?? '',
      toolCalls: (choice?.message.tool_calls ?? []).map((call, index) => ({
        id: call.id ?? `call_${index}`,
        name: call.function.name,
        arguments: call.function.arguments ?? '',
      })),
      finishReason: mapOpenAIFinishReason(choice?.finish_reason),
      usage: mapOpenAIUsage(response.usage),
      warnings: [],
      response: { id: response.id ?? undefined, modelId: response.model ?? undefined },
      ...(extras ? { extras } : {}),
    };
  }

  async *stream(options: CallOptions): AsyncIterable<StreamPart> {
    const events = await postStream(this.request(options, true));
    yield* toOpenAIStreamParts(events, this.host);
  }
}
