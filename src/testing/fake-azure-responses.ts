// Builders of real-shaped Azure OpenAI answers (Chat Completions plus content-filter annotations), and a fake
// Azure resource for end-to-end tests that checks the `api-key` header, the deployment path and `api-version`.
import { type FakeOpenAIOptions, openaiChatCompletion, openaiChatStream } from './fake-openai-responses.js';
import type { FakeHandler, FakeResponse, RecordedRequest } from './fake-server.js';
import { lastUserMessage } from './openai-compatible-echo.js';

const safe = { filtered: false, severity: 'safe' };
const promptFilterResults = [
  {
    prompt_index: 0,
    content_filter_results: {
      hate: safe,
      jailbreak: { filtered: false, detected: false },
      self_harm: safe,
      sexual: safe,
      violence: safe,
    },
  },
];

export const azureChatCompletion = (options: FakeOpenAIOptions = {}) => {
  const completion = openaiChatCompletion(options);
  return {
    ...completion,
    choices: completion.choices.map((choice) => ({
      ...choice,
      content_filter_results: { hate: safe, self_harm: safe, sexual: safe, violence: safe },
    })),
    prompt_filter_results: promptFilterResults,
  };
};

/** Azure's stream: first a chunk with only the prompt's filter results (empty id and model), then OpenAI's. */
export const azureChatStream = (options: FakeOpenAIOptions & { chunkSize?: number } = {}): string[] => [
  `data: ${JSON.stringify({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: promptFilterResults })}\n\n`,
  ...openaiChatStream(options),
];

const azureError = (status: number, code: string, message: string): FakeResponse => ({
  status,
  json: { error: { code, message } },
});

/**
 * Answers `POST /openai/deployments/{d}/chat/completions?api-version=…` (and `/openai/v1/chat/completions`) with
 * `echo: <last user message>`, streaming too, when the request carries `apiKey` in `api-key`.
 * @example const server = await startFakeServer(fakeAzure({ apiKey: 'az-key' }));
 */
export const fakeAzure =
  ({ apiKey }: { apiKey: string }): FakeHandler =>
  (request: RecordedRequest) => {
    if (request.headers['api-key'] !== apiKey) {
      return azureError(401, '401', 'Access denied due to invalid subscription key or wrong API endpoint.');
    }
    const url = new URL(request.path, 'http://fake');
    const deployment = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(url.pathname)?.[1];
    const v1 = url.pathname === '/openai/v1/chat/completions';
    if (deployment === undefined && !v1) return azureError(404, '404', 'Resource not found');
    if (deployment !== undefined && url.searchParams.get('api-version') === null) {
      return azureError(404, '404', 'Resource not found');
    }
    const body = request.body as { model?: string; stream?: boolean };
    const model = deployment === undefined ? (body.model ?? 'unknown') : decodeURIComponent(deployment);
    const question = lastUserMessage(body);
    const content = `echo: ${question}`;
    const usage = {
      prompt_tokens: question.split(/\s+/).length + 1,
      completion_tokens: content.split(/\s+/).length,
    };
    if (body.stream === true) return { status: 200, sse: azureChatStream({ content, model, usage }) };
    return { status: 200, json: azureChatCompletion({ content, model, usage }) };
  };
