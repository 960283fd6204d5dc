// A LanguageModel over Bedrock's Converse and ConverseStream APIs, signed with SigV4 (or a Bedrock API key).
import { safeHost } from '../../http/map-http-error.js';
import { postEventStream } from '../../http/post-event-stream.js';
import { postJson } from '../../http/post-json.js';
import type { SignableRequest, SignedHeaders } from '../../http/send-post.js';
import type { CallOptions, GenerateResult, LanguageModel, StreamPart } from '../../spec/language-model.js';
import type { CallWarning } from '../../spec/warning.js';
import { parseWithSchema } from '../parse-provider-response.js';
import { joinUrl, type ProviderSettings } from '../provider-settings.js';
import { mapBedrockStatusError } from './bedrock-errors.js';
import { bedrockConverseSchema } from './bedrock-schemas.js';
import { convertToBedrockMessages, convertToBedrockToolConfig } from './convert-to-bedrock-messages.js';
import { mapBedrockFinishReason } from './map-bedrock-finish-reason.js';
import { mapBedrockUsage } from './map-bedrock-usage.js';
import { toBedrockStreamParts } from './to-bedrock-stream-parts.js';

export interface BedrockChatSettings extends ProviderSettings {
  /** Where the runtime API is: `https://bedrock-runtime.<region>.amazonaws.com` unless overridden. */
  baseUrl: string;
  /** Signs each request (SigV4); absent when a Bedrock API key goes as a bearer header. */
  sign?: (request: SignableRequest) => Promise<SignedHeaders>;
}

export const bedrockBaseUrl = (region: string): string => `https://bedrock-runtime.${region}.amazonaws.com`;

export class BedrockChatModel implements LanguageModel {
  readonly provider = 'bedrock';
  readonly modelId: string;
  private readonly settings: BedrockChatSettings;

  constructor(settings: BedrockChatSettings) {
    this.settings = settings;
    this.modelId = settings.modelName;
  }

  private url(operation: 'converse' | 'converse-stream'): string {
    // model ids carry ':' (`anthropic.claude-3-5-haiku-20241022-v1:0`) and ARNs '/': one path segment each
    return joinUrl(this.settings.baseUrl, `/model/${encodeURIComponent(this.modelId)}/${operation}`);
  }

  private requestBody(options: CallOptions): { body: Record<string, unknown>; warnings: CallWarning[] } {
    const warnings: CallWarning[] = [];
    const { system, messages } = convertToBedrockMessages(options.messages);
    const body: Record<string, unknown> = { messages };
    if (system.length > 0) body.system = system;
    const inferenceConfig: Record<string, unknown> = {};
    if (options.maxTokens !== undefined) inferenceConfig.maxTokens = options.maxTokens;
    if (options.temperature !== undefined) inferenceConfig.temperature = options.temperature;
    if (options.topP !== undefined) inferenceConfig.topP = options.topP;
    if (options.stop !== undefined && options.stop.length > 0) inferenceConfig.stopSequences = options.stop;
    if (Object.keys(inferenceConfig).length > 0) body.inferenceConfig = inferenceConfig;
    if (options.tools !== undefined && options.tools.length > 0) {
      const tools = convertToBedrockToolConfig(options.tools, options.toolChoice);
      body.toolConfig = tools.toolConfig;
      warnings.push(...tools.warnings);
    }
    if (options.seed !== undefined) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'seed',
        details: 'Bedrock Converse has no seed',
      });
    }
    if (options.responseFormat?.type === 'json') {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'responseFormat',
        details: 'Bedrock Converse has no JSON mode; ask for JSON in the prompt',
      });
    }
    return { body, warnings };
  }

  private request(url: string, body: Record<string, unknown>, abortSignal: AbortSignal | undefined) {
    const { apiKey, headers, transport, timeoutMs, sign } = this.settings;
    return {
      url,
      headers: { ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }), ...headers },
      body,
      timeoutMs,
      abortSignal,
      transport,
      ...(sign === undefined ? {} : { sign }),
      mapStatusError: mapBedrockStatusError,
    };
  }

  async generate(options: CallOptions): Promise<GenerateResult> {
    const { body, warnings } = this.requestBody(options);
    const url = this.url('converse');
    const { value, headers } = await postJson(this.request(url, body, options.abortSignal));
    const response = parseWithSchema(bedrockConverseSchema, value, `Converse answer from ${safeHost(url)}`);
    let text = '';
    const toolCalls: GenerateResult['toolCalls'] = [];
    for (const block of response.output.message?.content ?? []) {
      text += block.text ?? '';
      if (block.toolUse != null) {
        toolCalls.push({
          id: block.toolUse.toolUseId,
          name: block.toolUse.name,
          arguments: JSON.stringify(block.toolUse.input ?? {}),
        });
      }
    }
    return {
      text,
      toolCalls,
      finishReason: mapBedrockFinishReason(response.stopReason),
      usage: mapBedrockUsage(response.usage),
      warnings,
      // Converse names no model in its answer; the request id is in a header
      response: { id: headers.get('x-amzn-requestid') ?? undefined },
    };
  }

  async *stream(options: CallOptions): AsyncIterable<StreamPart> {
    const { body, warnings } = this.requestBody(options);
    if (warnings.length > 0) yield { type: 'warnings', warnings };
    const url = this.url('converse-stream');
    const messages = await postEventStream(this.request(url, body, options.abortSignal));
    yield* toBedrockStreamParts(messages, safeHost(url));
  }
}
