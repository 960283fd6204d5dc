// A LanguageModel over Anthropic's Messages API.
import { safeHost } from '../../http/map-http-error.js';
import { postJson } from '../../http/post-json.js';
import { postStream } from '../../http/post-stream.js';
import type { CallOptions, GenerateResult, LanguageModel, StreamPart } from '../../spec/language-model.js';
import type { CallWarning } from '../../spec/warning.js';
import { parseWithSchema } from '../parse-provider-response.js';
import { joinUrl, type ProviderSettings } from '../provider-settings.js';
import { anthropicMessageSchema } from './anthropic-schemas.js';
import {
  convertToAnthropicMessages,
  convertToAnthropicToolChoice,
  convertToAnthropicTools,
} from './convert-to-anthropic-messages.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
import { mapAnthropicUsage } from './map-anthropic-usage.js';
import { toAnthropicStreamParts } from './to-anthropic-stream-parts.js';

export const anthropicDefaultBaseUrl = 'https://api.anthropic.com/v1';
export const anthropicVersion = '2023-06-01';
/** The API requires max_tokens; used when the suite sets none. */
export const anthropicDefaultMaxTokens = 1024;

export class AnthropicChatModel implements LanguageModel {
  readonly provider = 'anthropic';
  readonly modelId: string;
  private readonly settings: ProviderSettings;

  constructor(settings: ProviderSettings) {
    this.settings = settings;
    this.modelId = settings.modelName;
  }

  private get url(): string {
    return joinUrl(this.settings.baseUrl ?? anthropicDefaultBaseUrl, '/messages');
  }

  private requestBody(
    options: CallOptions,
    stream: boolean,
  ): { body: Record<string, unknown>; warnings: CallWarning[] } {
    const warnings: CallWarning[] = [];
    const { system, messages } = convertToAnthropicMessages(options.messages);
    const body: Record<string, unknown> = {
      model: this.modelId,
      max_tokens: options.maxTokens ?? anthropicDefaultMaxTokens,
      messages,
    };
    if (system !== undefined) body.system = system;
    if (options.temperature !== undefined) body.temperature = options.temperature;
    if (options.topP !== undefined) body.top_p = options.topP;
    if (options.stop !== undefined && options.stop.length > 0) body.stop_sequences = options.stop;
    if (options.tools !== undefined && options.tools.length > 0) {
      body.tools = convertToAnthropicTools(options.tools);
      const choice =
        options.toolChoice === undefined ? undefined : convertToAnthropicToolChoice(options.toolChoice);
      // Anthropic says it the other way round, on the tool choice
      if (options.parallelToolCalls === false)
        body.tool_choice = { ...(choice ?? { type: 'auto' }), disable_parallel_tool_use: true };
      else if (choice !== undefined) body.tool_choice = choice;
    }
    if (options.reasoningEffort !== undefined) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'reasoningEffort',
        details: 'Anthropic takes a thinking budget in tokens, not an effort level',
      });
    }
    if (options.seed !== undefined) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'seed',
        details: 'Anthropic has no seed parameter',
      });
    }
    if (options.responseFormat?.type === 'json') {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'responseFormat',
        details: 'Anthropic has no JSON mode; ask for JSON in the prompt',
      });
    }
    if (stream) body.stream = true;
    return { body, warnings };
  }

  private request(body: Record<string, unknown>, abortSignal: AbortSignal | undefined) {
    const { apiKey, headers, transport, timeoutMs } = this.settings;
    return {
      url: this.url,
      headers: {
        'anthropic-version': anthropicVersion,
        ...(apiKey === undefined ? {} : { 'x-api-key': apiKey }),
        ...headers,
      },
      body,
      timeoutMs,
      abortSignal,
      transport,
    };
  }

  async generate(options: CallOptions): Promise<GenerateResult> {
    const { body, warnings } = this.requestBody(options, false);
    const { value } = await postJson(this.request(body, options.abortSignal));
    const message = parseWithSchema(anthropicMessageSchema, value, `message from ${safeHost(this.url)}`);
    let text = '';
    const toolCalls: GenerateResult['toolCalls'] = [];
    for (const block of message.content) {
      if (block.type === 'text') text += block.text ?? '';
      if (block.type === 'tool_use') {
        toolCalls.push({
          id: block.id ?? `toolu_${toolCalls.length}`,
          name: block.name ?? '',
          arguments: JSON.stringify(block.input ?? {}),
        });
      }
    }
    return {
      text,
      toolCalls,
      finishReason: mapAnthropicFinishReason(message.stop_reason),
      usage: mapAnthropicUsage(message.usage),
      warnings,
      response: { id: message.id ?? undefined, modelId: message.model ?? undefined },
    };
  }

  async *stream(options: CallOptions): AsyncIterable<StreamPart> {
    const { body, warnings } = this.requestBody(options, true);
    if (warnings.length > 0) yield { type: 'warnings', warnings };
    const events = await postStream(this.request(body, options.abortSignal));
    yield* toAnthropicStreamParts(events, safeHost(this.url));
  }
}
