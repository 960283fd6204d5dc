// A streamed answer on its way to the client: each part passes through as it arrives, usage is counted for the
// trace and the budget, and a stream that breaks after it started ends with an error event, never a hang.
import type { ServerResponse } from 'node:http';
import type { GenerateResult, StreamPart } from '../spec/language-model.js';
import type { ToolCall } from '../spec/messages.js';
import type { Usage } from '../spec/usage.js';
import type { TraceInput } from '../store/gateway-store.js';
import { type AttemptTimeout, attemptRecord } from './attempts.js';
import { GatewayError } from './gateway-errors.js';
import { sendJson } from './http-exchange.js';
import type { ResolvedTarget } from './load-gateway-config.js';
import type { ParsedChat, StreamEncoder, WireProtocol } from './wire-protocol.js';

const startEventStream = (response: ServerResponse): void => {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
};

/** Resolves when a full response can take more, or when its client went away (then 'drain' never comes). */
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

/** Gathers a streamed answer into a whole result, for the cache. */
const createCollector = () => {
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
    },
    result(usage: Usage): GenerateResult | undefined {
      if (!finishReason) return undefined;
      const toolCalls = calls.filter((call) => call !== undefined);
      return { text, toolCalls, finishReason, usage, warnings: [], response: {} };
    },
  };
};

export interface StreamAttempt {
  protocol: WireProtocol;
  response: ServerResponse;
  trace: TraceInput;
  target: ResolvedTarget;
  id: string;
  modelId: string;
  timeout: AttemptTimeout;
  includeUsage: boolean;
  /** performance.now() when the attempt started. */
  started: number;
  /** Charges the finished (or broken) stream's usage to the trace and the key. */
  onUsage: (usage: Usage) => void;
  /** Keeps the whole answer for the cache once the stream finished cleanly. */
  remember?: (model: string, result: GenerateResult) => void;
}

export const pipeStream = async (
  attempt: StreamAttempt,
  first: IteratorResult<StreamPart>,
  iterator: AsyncIterator<StreamPart>,
): Promise<void> => {
  const { response, trace, timeout, started, remember } = attempt;
  startEventStream(response);
  trace.status = 200;
  const metadata = first.done ? undefined : first.value;
  const modelName =
    metadata?.type === 'response-metadata' && metadata.modelId ? metadata.modelId : attempt.modelId;
  const encoder = attempt.protocol.streamEncoder(attempt.id, modelName, attempt.includeUsage);
  const collector = remember ? createCollector() : undefined;
  let usage: Usage | undefined;
  let next = first;
  try {
    while (!next.done) {
      const part = next.value;
      timeout.arm();
      collector?.add(part);
      if (trace.ttftMs === null && (part.type === 'text-delta' || part.type === 'tool-call-delta')) {
        trace.ttftMs = performance.now() - started;
      }
      if (part.type === 'finish') usage = part.usage;
      const text = encoder.part(part);
      if (text !== '' && !response.write(text)) await writable(response);
      next = await iterator.next();
    }
    timeout.done();
    trace.attempts.push(attemptRecord(attempt.target, started, undefined));
    if (usage) attempt.onUsage(usage);
    response.end(encoder.end(usage));
    const whole = usage ? collector?.result(usage) : undefined;
    if (whole) remember?.(modelName, whole);
  } catch (error) {
    const failure = timeout.toError(error);
    timeout.done();
    trace.attempts.push(attemptRecord(attempt.target, started, failure));
    trace.status = 502;
    trace.errorCode = failure.code;
    trace.errorMessage = failure.message;
    if (usage) attempt.onUsage(usage);
    // the client already has a 200: end the stream with an error event its SDK raises
    if (!response.destroyed) {
      response.end(
        encoder.error(
          new GatewayError('upstream_stream_error', `upstream stream failed: ${failure.message}`),
        ),
      );
    }
  }
};

/** Writes a whole result as a stream in the client's format (a cached answer asked for with `stream: true`). */
const writeWholeStream = (encoder: StreamEncoder, result: GenerateResult): string => {
  let out = encoder.part({ type: 'text-delta', delta: result.text });
  result.toolCalls.forEach((call, index) => {
    out += encoder.part({
      type: 'tool-call-delta',
      index,
      id: call.id,
      name: call.name,
      argumentsDelta: call.arguments,
    });
  });
  out += encoder.part({ type: 'finish', finishReason: result.finishReason, usage: result.usage });
  return out + encoder.end(result.usage);
};

/** A cached answer, sent in the shape asked for; nothing was spent, so nothing is charged. */
export const replayCached = (
  protocol: WireProtocol,
  response: ServerResponse,
  trace: TraceInput,
  id: string,
  cached: { model: string; result: GenerateResult },
  chat: ParsedChat,
): void => {
  const { model, result } = cached;
  trace.cacheHit = true;
  trace.status = 200;
  trace.model = model;
  trace.inputTokens = result.usage.inputTokens ?? null;
  trace.outputTokens = result.usage.outputTokens ?? null;
  trace.costUsd = 0;
  if (!chat.stream) {
    sendJson(response, 200, protocol.completion(id, model, result));
    return;
  }
  startEventStream(response);
  trace.ttftMs = 0;
  response.end(writeWholeStream(protocol.streamEncoder(id, model, chat.includeUsage), result));
};
