// Step 8, answer, for a stream: each part passes through to the client as it arrives, in its wire format, under
// the attempt's deadline (started again by each part); usage is kept from the finish part, and a stream that
// breaks after it started ends with an error event the client's SDK raises, never a hang.
import type { ServerResponse } from 'node:http';
import type { Deadline } from '../../async/deadline.js';
import type { GenerateResult, StreamPart } from '../../spec/language-model.js';
import type { ToolCall } from '../../spec/messages.js';
import { emptyUsage, type Usage } from '../../spec/usage.js';
import type { ClientLink } from '../client-link.js';
import { GatewayError } from '../gateway-errors.js';
import { startEventStream, writable } from '../http-exchange.js';
import type { ResolvedTarget } from '../load-gateway-config.js';
import type { ChatRequest, ChatWire } from '../wire/wire-protocol.js';
import type { Answered } from './answer.js';
import { attemptFailure, attemptRecord } from './call.js';

/**
 * Gathers a streamed answer into a whole result, for the cache; none when the stream carried extras a whole
 * result cannot hold (per-chunk logprobs, thinking blocks), so a later request never gets a poorer answer.
 */
const createCollector = () => {
  let lossy = false;
  let text = '';
  const calls: ToolCall[] = [];
  let finishReason: GenerateResult['finishReason'] | undefined;
  return {
    add(part: StreamPart): void {
      if (part.type === 'text-delta') text += part.delta;
      else if (part.type === 'tool-call-delta') {
        const call = calls[part.index] ?? { id: '', name: '', arguments: '' };
        calls[part.index] = call;
        if (part.id) call.id = part.id;
        if (part.name) call.name = part.name;
        call.arguments += part.argumentsDelta;
      } else if (part.type === 'finish') finishReason = part.finishReason;
      else if (part.type === 'extras') {
        const { extras } = part;
        if (extras.format !== 'openai-chat') lossy = true;
        else if (Object.keys(extras.choice).length > 0 || Object.keys(extras.delta).length > 0) lossy = true;
      }
    },
    result(usage: Usage): GenerateResult | undefined {
      if (!finishReason || lossy) return undefined;
      const toolCalls = calls.filter((call) => call !== undefined);
      return { text, toolCalls, finishReason, usage, warnings: [], response: {} };
    },
  };
};

export interface OpenStream {
  wire: ChatWire;
  response: ServerResponse;
  client: ClientLink;
  id: string;
  target: ResolvedTarget;
  /** The model the target was called as, told to the client unless the stream names its own. */
  modelId: string;
  timeoutMs: number;
  /** What the client asked for; its wire format shapes the stream by it. */
  request: ChatRequest;
  /** The running attempt: performance.now() when it started, and its deadline. */
  started: number;
  deadline: Deadline;
  /** Keeps the whole answer for the cache once the stream finished cleanly. */
  remember: ((model: string, result: GenerateResult) => void) | undefined;
  /** Gather the whole answer for the trace step, because a monitor samples this request. */
  keepResult?: boolean;
}

/** Pipes the stream to the client; never throws: a failure is in what it returns. */
export const answerStream = async (
  open: OpenStream,
  first: IteratorResult<StreamPart>,
  iterator: AsyncIterator<StreamPart>,
): Promise<Answered> => {
  const { response, deadline, started, remember } = open;
  startEventStream(response);
  const metadata = first.done ? undefined : first.value;
  const model = metadata?.type === 'response-metadata' && metadata.modelId ? metadata.modelId : open.modelId;
  const encoder = open.wire.streamEncoder(open.id, model, open.request);
  const collector = remember || open.keepResult ? createCollector() : undefined;
  let usage: Usage | undefined;
  let ttftMs: number | null = null;
  const streamed = { parts: 0, chars: 0 };
  let next = first;
  try {
    while (!next.done) {
      const part = next.value;
      deadline.restart();
      collector?.add(part);
      if (part.type === 'text-delta' || part.type === 'tool-call-delta') {
        if (ttftMs === null) ttftMs = performance.now() - started;
        streamed.parts += 1;
        streamed.chars += part.type === 'text-delta' ? part.delta.length : part.argumentsDelta.length;
      }
      if (part.type === 'finish') usage = part.usage;
      const text = encoder.part(part);
      if (text !== '' && !response.write(text)) await writable(response);
      next = await iterator.next();
    }
    open.client.onGone = undefined;
    deadline.release();
    response.end(encoder.end(usage));
    const result = collector?.result(usage ?? emptyUsage());
    // the cache keeps only answers whose usage is known, so a hit can say what it stands for
    if (result && usage) remember?.(model, result);
    const attempt = attemptRecord(open.target, started, undefined);
    return {
      status: 200,
      model,
      usage,
      ttftMs,
      responseJson: null,
      cacheHit: false,
      attempt,
      failure: undefined,
      streamed,
      result: open.keepResult ? result : undefined,
    };
  } catch (error) {
    open.client.onGone = undefined;
    const failure = attemptFailure(deadline, open.timeoutMs, error);
    deadline.release();
    // the client already has a 200: end the stream with an error event its SDK raises
    if (!response.destroyed) {
      const message = `upstream stream failed: ${failure.message}`;
      response.end(encoder.error(new GatewayError('upstream_stream_error', message)));
    }
    const attempt = attemptRecord(open.target, started, failure);
    return {
      status: 200,
      model,
      usage,
      ttftMs,
      responseJson: null,
      cacheHit: false,
      attempt,
      failure,
      streamed,
      result: undefined,
    };
  }
};
