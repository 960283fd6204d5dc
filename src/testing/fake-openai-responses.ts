// Builders of real-shaped OpenAI Chat Completions bodies and SSE frames for tests and the fake server.

export interface FakeToolCall {
  id?: string;
  name: string;
  /** The arguments JSON string exactly as the model would send it. */
  arguments: string;
}

export interface FakeOpenAIUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  cached_tokens?: number;
  reasoning_tokens?: number;
}

export interface FakeOpenAIOptions {
  content?: string | null;
  toolCalls?: FakeToolCall[];
  usage?: FakeOpenAIUsage;
  model?: string;
  id?: string;
  finishReason?: string;
}

const created = 1_733_000_000;

const usageBody = (usage: FakeOpenAIUsage = {}) => {
  const prompt = usage.prompt_tokens ?? 12;
  const completion = usage.completion_tokens ?? 5;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: usage.cached_tokens ?? 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: usage.reasoning_tokens ?? 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
};

const toolCallId = (call: FakeToolCall, index: number): string => call.id ?? `call_fake${index}`;

export const openaiChatCompletion = (options: FakeOpenAIOptions = {}) => {
  const toolCalls = options.toolCalls ?? [];
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: options.content === undefined ? (toolCalls.length > 0 ? null : '') : options.content,
    refusal: null,
    annotations: [],
  };
  if (toolCalls.length > 0) {
    message.tool_calls = toolCalls.map((call, index) => ({
      id: toolCallId(call, index),
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return {
    id: options.id ?? 'chatcmpl-fake123',
    object: 'chat.completion',
    created,
    model: options.model ?? 'gpt-4o-mini-2024-07-18',
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: options.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
      },
    ],
    usage: usageBody(options.usage),
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
  };
};

/** Splits the text of a recorded SSE stream into frames, each ending with its blank line. */
export const splitSseFrames = (text: string): string[] =>
  text
    .split(/\r?\n\r?\n/)
    .filter((frame) => frame.trim() !== '')
    .map((frame) => `${frame}\n\n`);

const frame = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;

/** The frames of a streamed completion with `stream_options.include_usage`, ending with `data: [DONE]`. */
export const openaiChatStream = (options: FakeOpenAIOptions & { chunkSize?: number } = {}): string[] => {
  const base = {
    id: options.id ?? 'chatcmpl-fake123',
    object: 'chat.completion.chunk',
    created,
    model: options.model ?? 'gpt-4o-mini-2024-07-18',
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
  };
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
    frame({
      ...base,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      usage: null,
    });
  const toolCalls = options.toolCalls ?? [];
  const frames = [chunk({ role: 'assistant', content: '', refusal: null })];
  const content = options.content ?? '';
  const size = options.chunkSize ?? 4;
  for (let start = 0; start < content.length; start += size) {
    frames.push(chunk({ content: content.slice(start, start + size) }));
  }
  toolCalls.forEach((call, index) => {
    frames.push(
      chunk({
        tool_calls: [
          {
            index,
            id: toolCallId(call, index),
            type: 'function',
            function: { name: call.name, arguments: '' },
          },
        ],
      }),
    );
    for (let start = 0; start < call.arguments.length; start += 8) {
      frames.push(
        chunk({ tool_calls: [{ index, function: { arguments: call.arguments.slice(start, start + 8) } }] }),
      );
    }
  });
  frames.push(chunk({}, options.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop')));
  frames.push(frame({ ...base, choices: [], usage: usageBody(options.usage) }));
  frames.push('data: [DONE]\n\n');
  return frames;
};
