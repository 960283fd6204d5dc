// A fake OpenAI-compatible model for end-to-end tests and benchmarks: answers at once, deterministically.

import { openaiChatCompletion, openaiChatStream } from './fake-openai-responses.js';
import type { FakeHandler, FakeResponse, RecordedRequest } from './fake-server.js';

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

const textOf = (content: unknown): string => {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => String(asRecord(part).text ?? '')).join('');
  return '';
};

/** The last user message of a chat completion request, or '' when there is none. */
export const lastUserMessage = (body: unknown): string => {
  const messages = asRecord(body).messages;
  if (!Array.isArray(messages)) return '';
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = asRecord(messages[index]);
    if (message.role === 'user') return textOf(message.content);
  }
  return '';
};

const countWords = (text: string): number => text.split(/\s+/).filter((word) => word !== '').length;

const embeddingOf = (text: string): number[] => {
  // A tiny deterministic vector: similar texts share characters, so they share components.
  const vector = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let index = 0; index < text.length; index++) {
    const slot = text.charCodeAt(index) % vector.length;
    vector[slot] = (vector[slot] ?? 0) + 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
};

const chatResponse = (request: RecordedRequest): FakeResponse => {
  const body = asRecord(request.body);
  const question = lastUserMessage(body);
  const content = `echo: ${question}`;
  const model = typeof body.model === 'string' ? body.model : 'echo';
  const usage = { prompt_tokens: countWords(question) + 1, completion_tokens: countWords(content) };
  if (body.stream === true)
    return { status: 200, sse: openaiChatStream({ content, model, usage, chunkSize: 16 }) };
  return { status: 200, json: openaiChatCompletion({ content, model, usage }) };
};

const embeddingsResponse = (request: RecordedRequest): FakeResponse => {
  const body = asRecord(request.body);
  const inputs = Array.isArray(body.input) ? body.input.map(String) : [String(body.input ?? '')];
  return {
    status: 200,
    json: {
      object: 'list',
      data: inputs.map((input, index) => ({ object: 'embedding', index, embedding: embeddingOf(input) })),
      model: typeof body.model === 'string' ? body.model : 'echo-embedding',
      usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
    },
  };
};

/**
 * Answers `POST …/chat/completions` with `echo: <last user message>` (streaming too) and `POST …/embeddings`.
 * @example
 * const server = await startFakeServer(openaiCompatibleEcho, { record: false });
 */
export const openaiCompatibleEcho: FakeHandler = (request) => {
  const path = request.path.split('?')[0] ?? '';
  if (request.method === 'POST' && path.endsWith('/chat/completions')) return chatResponse(request);
  if (request.method === 'POST' && path.endsWith('/embeddings')) return embeddingsResponse(request);
  return {
    status: 404,
    json: {
      error: {
        message: `fake server: unknown route ${request.method} ${path}`,
        type: 'invalid_request_error',
      },
    },
  };
};
