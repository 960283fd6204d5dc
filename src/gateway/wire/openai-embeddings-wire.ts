// The OpenAI embeddings wire format as the gateway serves it on POST /v1/embeddings. The answer goes out in OpenAI's
// list shape a slice of vectors at a time, yielding to the event loop between slices: 2,048 vectors of 1,536
// floats is 60 MB of JSON, which in one JSON.stringify would hold every other request (and /healthz) for a third
// of a second.
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { openaiErrorJson } from '../gateway-errors.js';
import { atMost, requestLimits } from '../request-limits.js';
import { parseRequest } from './parse-request.js';
import { requestExtras } from './wire-fields.js';
import { type EmbeddingsAnswer, type EmbeddingsWire, nextResponseId } from './wire-protocol.js';

export const embeddingsRequestSchema = z.object({
  model: z.string().min(1),
  input: z.union([
    z.string(),
    z
      .array(z.string())
      .min(1, 'send at least one text')
      .max(requestLimits.embeddingInputs, atMost(requestLimits.embeddingInputs, 'inputs')),
  ]),
  encoding_format: z.enum(['float', 'base64']).optional(),
});

const vectorsPerSlice = 64;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Resolves when the response can take more, or when the client went away. */
const writable = (response: ServerResponse): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });

const item = (embedding: number[], index: number, base64: boolean): string =>
  JSON.stringify({
    object: 'embedding',
    index,
    embedding: base64 ? Buffer.from(new Float32Array(embedding).buffer).toString('base64') : embedding,
  });

/** Sends the answer with status 200; stops quietly if the client leaves. Never throws. */
const sendEmbeddings = async (response: ServerResponse, answer: EmbeddingsAnswer): Promise<void> => {
  const { embeddings, base64 } = answer;
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{"object":"list","data":[');
  for (let start = 0; start < embeddings.length; start += vectorsPerSlice) {
    if (start > 0) await nextTurn();
    if (response.destroyed) return;
    const slice = embeddings.slice(start, start + vectorsPerSlice);
    const text = slice.map((embedding, offset) => item(embedding, start + offset, base64)).join(',');
    if (!response.write(start === 0 ? text : `,${text}`)) await writable(response);
  }
  if (response.destroyed) return;
  const usage = { prompt_tokens: answer.inputTokens, total_tokens: answer.inputTokens };
  response.end(`],"model":${JSON.stringify(answer.model)},"usage":${JSON.stringify(usage)}}`);
};

export const openaiEmbeddingsWire: EmbeddingsWire = {
  operation: 'embeddings',
  format: 'openai-embeddings',
  parse(json) {
    const parsed = parseRequest(embeddingsRequestSchema, json);
    return {
      operation: 'embeddings',
      model: parsed.model,
      inputs: typeof parsed.input === 'string' ? [parsed.input] : parsed.input,
      base64: parsed.encoding_format === 'base64',
      extras: requestExtras('openai-embeddings', json),
      body: json as Record<string, unknown>,
    };
  },
  send: sendEmbeddings,
  errorBody: openaiErrorJson,
  newId: () => nextResponseId('emb-'),
};
