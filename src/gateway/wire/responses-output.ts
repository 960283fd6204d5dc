// The pieces of an OpenAI Responses API answer, shared by the whole answer and the stream: the `response` object
// (with the request settings it echoes), its output items, its status and its usage.
import type { UnifiedFinishReason } from '../../spec/finish-reason.js';
import type { ToolCall } from '../../spec/messages.js';
import type { Usage } from '../../spec/usage.js';
import type { OpenAIResponsesRequest } from './openai-responses-request.js';

export const responsesUsage = (usage: Usage) => {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: input + output,
  };
};

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** Why an answer was cut short, as `incomplete_details.reason` says it; undefined when it was not. */
export const incompleteReason = (unified: UnifiedFinishReason): string | undefined =>
  unified === 'length' ? 'max_output_tokens' : unified === 'content-filter' ? 'content_filter' : undefined;

/** What a Response repeats of its request, with the API's defaults for what the request left out. */
export const responsesEcho = (request: OpenAIResponsesRequest): Record<string, unknown> => ({
  instructions: request.instructions ?? null,
  max_output_tokens: request.max_output_tokens ?? null,
  parallel_tool_calls: request.parallel_tool_calls ?? true,
  previous_response_id: null,
  reasoning: { effort: request.reasoning?.effort ?? null, summary: null },
  store: false,
  temperature: request.temperature ?? 1,
  text: { format: request.text?.format ?? { type: 'text' } },
  tool_choice: request.tool_choice ?? 'auto',
  tools: (request.tools ?? []).map((tool) => ({ strict: null, description: null, ...tool })),
  top_p: request.top_p ?? 1,
  truncation: 'disabled',
  user: request.user ?? null,
  metadata: request.metadata ?? {},
});

export interface ResponseState {
  id: string;
  model: string;
  createdAt: number;
  echo: Record<string, unknown> | undefined;
  status: ResponseStatus;
  output: unknown[];
  usage: Usage | undefined;
  incomplete: string | undefined;
  error: { code: string; message: string } | undefined;
}

/** The `response` object, in the key order OpenAI sends it. */
export const responseJson = (state: ResponseState) => {
  const { instructions, max_output_tokens, metadata, ...rest } = state.echo ?? {};
  return {
    id: state.id,
    object: 'response',
    created_at: state.createdAt,
    status: state.status,
    background: false,
    error: state.error ?? null,
    incomplete_details: state.incomplete === undefined ? null : { reason: state.incomplete },
    instructions: instructions ?? null,
    max_output_tokens: max_output_tokens ?? null,
    model: state.model,
    output: state.output,
    ...rest,
    usage: state.usage === undefined ? null : responsesUsage(state.usage),
    metadata: metadata ?? {},
  };
};

/** Output item ids derived from the response's: unique without drawing anything per item. */
export const messageItemId = (responseId: string): string => `msg_${responseId.slice('resp_'.length)}`;
export const callItemId = (responseId: string, index: number): string =>
  `fc_${responseId.slice('resp_'.length)}_${index}`;

export const outputText = (text: string) => ({ type: 'output_text', annotations: [], logprobs: [], text });

export const messageItem = (id: string, status: string, text: string | undefined) => ({
  id,
  type: 'message',
  status,
  content: text === undefined ? [] : [outputText(text)],
  role: 'assistant',
});

export const functionCallItem = (id: string, status: string, call: ToolCall) => ({
  id,
  type: 'function_call',
  status,
  arguments: call.arguments,
  call_id: call.id,
  name: call.name,
});
