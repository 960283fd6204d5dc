// Builders of real-shaped Gemini API bodies and SSE frames, and a fake Gemini server for end-to-end tests: it
// checks the `x-goog-api-key` header as Google does and echoes the last user message.

import type { FakeToolCall } from './fake-openai-responses.js';
import type { FakeHandler, FakeResponse, RecordedRequest } from './fake-server.js';

export interface FakeGoogleOptions {
  content?: string;
  toolCalls?: FakeToolCall[];
  usage?: { promptTokenCount?: number; candidatesTokenCount?: number; thoughtsTokenCount?: number };
  modelVersion?: string;
  finishReason?: string;
}

const usageBody = (usage: FakeGoogleOptions['usage'] = {}) => {
  const prompt = usage.promptTokenCount ?? 12;
  const candidates = usage.candidatesTokenCount ?? 5;
  const thoughts = usage.thoughtsTokenCount;
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    totalTokenCount: prompt + candidates + (thoughts ?? 0),
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: prompt }],
    ...(thoughts === undefined ? {} : { thoughtsTokenCount: thoughts }),
  };
};

const parts = (options: FakeGoogleOptions) => [
  ...(options.content === undefined || options.content === '' ? [] : [{ text: options.content }]),
  ...(options.toolCalls ?? []).map((call) => ({
    functionCall: {
      name: call.name,
      args: JSON.parse(call.arguments === '' ? '{}' : call.arguments) as unknown,
    },
  })),
];

export const googleGenerateContent = (options: FakeGoogleOptions = {}) => ({
  candidates: [
    {
      content: { parts: parts(options), role: 'model' },
      finishReason: options.finishReason ?? 'STOP',
      index: 0,
    },
  ],
  usageMetadata: usageBody(options.usage),
  modelVersion: options.modelVersion ?? 'gemini-2.5-flash',
  responseId: 'fakeResponseId0',
});

/** The frames of `streamGenerateContent?alt=sse`: CRLF-separated, the text in pieces, finishReason last. */
export const googleStream = (options: FakeGoogleOptions & { chunkSize?: number } = {}): string[] => {
  const frame = (value: unknown): string => `data: ${JSON.stringify(value)}\r\n\r\n`;
  const text = options.content ?? '';
  const size = options.chunkSize ?? 8;
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  const whole = googleGenerateContent(options);
  const chunk = (chunkParts: unknown[], last: boolean) => ({
    ...whole,
    candidates: [
      {
        content: { parts: chunkParts, role: 'model' },
        ...(last ? { finishReason: options.finishReason ?? 'STOP' } : {}),
        index: 0,
      },
    ],
  });
  const frames = pieces.map((piece) => frame(chunk([{ text: piece }], false)));
  const calls = parts({ toolCalls: options.toolCalls ?? [] });
  frames.push(frame(chunk(calls.length > 0 ? calls : [{ text: '' }], true)));
  return frames;
};

export const googleError = (code: number, status: string, message: string) => ({
  error: { code, message, status },
});

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/** The text of the last `user` content that is text, or ''. */
const lastUserText = (body: unknown): string => {
  const contents = asRecord(body).contents;
  if (!Array.isArray(contents)) return '';
  for (const content of [...contents].reverse()) {
    const record = asRecord(content);
    if (record.role !== 'user' || !Array.isArray(record.parts)) continue;
    const text = record.parts.map((part) => asRecord(part).text).find((value) => typeof value === 'string');
    if (typeof text === 'string') return text;
  }
  return '';
};

const keyRejected = (): FakeResponse => ({
  status: 400,
  json: {
    error: {
      code: 400,
      message: 'API key not valid. Please pass a valid API key.',
      status: 'INVALID_ARGUMENT',
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }],
    },
  },
});

/**
 * Answers `POST …/models/{m}:generateContent`, `:streamGenerateContent?alt=sse` and `:batchEmbedContents` with
 * `echo: <last user message>`, but only for requests that carry `apiKey` in `x-goog-api-key`.
 * @example const server = await startFakeServer(fakeGoogle({ apiKey: 'g-key' }));
 */
export const fakeGoogle =
  ({ apiKey }: { apiKey: string }): FakeHandler =>
  (request: RecordedRequest) => {
    if (request.headers['x-goog-api-key'] !== apiKey) return keyRejected();
    const match = /\/models\/([^/:]+):(\w+)/.exec(request.path);
    const [, model = 'gemini', method] = match ?? [];
    const question = lastUserText(request.body);
    const content = `echo: ${question}`;
    const usage = {
      promptTokenCount: question.split(/\s+/).length + 1,
      candidatesTokenCount: content.split(/\s+/).length,
    };
    if (method === 'generateContent') {
      return { status: 200, json: googleGenerateContent({ content, usage, modelVersion: model }) };
    }
    if (method === 'streamGenerateContent' && request.path.includes('alt=sse')) {
      return { status: 200, sse: googleStream({ content, usage, modelVersion: model }) };
    }
    if (method === 'batchEmbedContents') {
      const requests = asRecord(request.body).requests;
      const count = Array.isArray(requests) ? requests.length : 0;
      return {
        status: 200,
        json: { embeddings: Array.from({ length: count }, (_, index) => ({ values: [index, 1] })) },
      };
    }
    return { status: 404, json: googleError(404, 'NOT_FOUND', `fake Gemini: no method for ${request.path}`) };
  };
