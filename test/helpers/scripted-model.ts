// A deterministic model speaking OpenAI's and Anthropic's wire formats for the promptfoo parity test, driven by what the prompt says, so yardstick
// and promptfoo get the same answer to the same prompt: `REPLY<<text>>` answers `text`, `DELAY<<ms>>` waits, anything
// else is echoed. The model `judge` grades: pass when the graded output holds "PLEASE". Embeddings are word counts.
import { anthropicMessage } from '../../src/testing/fake-anthropic-responses.js';
import { openaiChatCompletion } from '../../src/testing/fake-openai-responses.js';
import type { FakeHandler, FakeResponse, RecordedRequest } from '../../src/testing/fake-server.js';

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

const messagesOf = (body: Record<string, unknown>): Array<{ role: string; content: string }> =>
  (Array.isArray(body.messages) ? body.messages : []).map((message) => {
    const record = asRecord(message);
    return {
      role: String(record.role),
      content: typeof record.content === 'string' ? record.content : JSON.stringify(record.content),
    };
  });

/** Fixed token counts, so a call's cost is the same in both tools: 10 in, 5 out. */
export const scriptedUsage = { prompt_tokens: 10, completion_tokens: 5 };

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The answer to a chat, in the model's own words: a verdict for the judge, else the scripted reply or an echo. */
const answer = async (body: Record<string, unknown>): Promise<{ content: string; model: string }> => {
  const messages = messagesOf(body);
  const model = typeof body.model === 'string' ? body.model : 'scripted';
  if (model === 'judge') {
    // both tools put the graded output between <output> tags on lines of its own
    const all = messages.map((message) => message.content).join('\n');
    const graded = /<output>\n([\s\S]*?)\n<\/output>/i.exec(all)?.[1] ?? '';
    const pass = graded.includes('PLEASE');
    const verdict = {
      reason: pass ? 'the answer says PLEASE' : 'no PLEASE in the answer',
      pass,
      score: pass ? 0.9 : 0.2,
    };
    return { content: JSON.stringify(verdict), model };
  }
  const last = messages.findLast((message) => message.role === 'user')?.content ?? '';
  const delay = /DELAY<<(\d+)>>/.exec(last)?.[1];
  if (delay !== undefined) await wait(Number(delay));
  const reply = /REPLY<<([\s\S]*?)>>/.exec(last)?.[1];
  const system = messages.find((message) => message.role === 'system')?.content;
  return { content: reply ?? `echo: ${system === undefined ? '' : `[${system}] `}${last}`, model };
};

const chat = async (body: Record<string, unknown>): Promise<FakeResponse> => {
  const { content, model } = await answer(body);
  return { status: 200, json: openaiChatCompletion({ content, model, usage: scriptedUsage }) };
};

const anthropic = async (body: Record<string, unknown>): Promise<FakeResponse> => {
  const { content, model } = await answer(body);
  const usage = { input_tokens: scriptedUsage.prompt_tokens, output_tokens: scriptedUsage.completion_tokens };
  return { status: 200, json: anthropicMessage({ content, model, usage }) };
};

const dimensions = 64;

/** Words hashed into 64 counts, normalised: texts sharing words point the same way. */
export const embedText = (text: string): number[] => {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if (word === '') continue;
    let hash = 0;
    for (const char of word) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_003;
    vector[hash % dimensions] = (vector[hash % dimensions] ?? 0) + 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
};

const embeddings = (body: Record<string, unknown>): FakeResponse => {
  const inputs = Array.isArray(body.input) ? body.input.map(String) : [String(body.input ?? '')];
  return {
    status: 200,
    json: {
      object: 'list',
      data: inputs.map((input, index) => ({ object: 'embedding', index, embedding: embedText(input) })),
      model: typeof body.model === 'string' ? body.model : 'embedding',
      usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
    },
  };
};

export const scriptedModel: FakeHandler = (request: RecordedRequest) => {
  const path = request.path.split('?')[0] ?? '';
  const body = asRecord(request.body);
  if (request.method === 'POST' && path.endsWith('/chat/completions')) return chat(body);
  if (request.method === 'POST' && path.endsWith('/embeddings')) return embeddings(body);
  if (request.method === 'POST' && path.endsWith('/v1/messages')) return anthropic(body);
  return { status: 404, json: { error: { message: `scripted model: no route ${request.method} ${path}` } } };
};
