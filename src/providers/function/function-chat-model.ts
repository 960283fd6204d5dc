// A LanguageModel that runs the user's own code (`function:./app.js`) as the system under test, on worker
// threads (see src/user-code/): the module is imported once per thread, and a call past its deadline, a crash
// or `process.exit()` in it fails that case only.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { YardstickError } from '../../spec/errors.js';
import type { CallOptions, GenerateResult, LanguageModel, StreamPart } from '../../spec/language-model.js';
import { limits } from '../../spec/limits.js';
import type { ToolCall } from '../../spec/messages.js';
import { checkCodeFile } from '../../user-code/check-code-file.js';
import { UserCodePool } from '../../user-code/user-code-pool.js';
import { defineUserCode, type UserCode } from '../../user-code/user-code-protocol.js';
import { type FunctionInput, functionResultSchema } from './function-schemas.js';
import { toFunctionError } from './to-function-error.js';

export interface FunctionSettings {
  /** The path as written in the suite, e.g. `./baseline.js`. */
  modelName: string;
  /** Directory the path is relative to (the suite's). */
  baseDir: string;
  /** How long importing the module may take; the model's `timeoutMs` (default 60000). */
  timeoutMs?: number;
}

const defaultLoadTimeoutMs = 60_000;

/** What crosses to the worker: plain data only, so the abort signal stays behind. */
const toInput = (options: CallOptions): FunctionInput => {
  const { messages, vars, abortSignal: _signal, ...rest } = options;
  const lastUser = messages.findLast((message) => message.role === 'user');
  return { messages, vars: vars ?? {}, prompt: lastUser?.content ?? '', options: rest };
};

export class FunctionChatModel implements LanguageModel {
  readonly provider = 'function';
  // the module and whatever it reads can change between runs while every request stays the same
  readonly cacheable = false;
  readonly modelId: string;
  private readonly resolvedPath: string;
  private readonly code: UserCode;
  private readonly loadTimeoutMs: number;
  private readonly pool = new UserCodePool();

  constructor(settings: FunctionSettings) {
    this.modelId = settings.modelName;
    this.resolvedPath = path.resolve(settings.baseDir, settings.modelName);
    // a missing file, a device or a huge file is a configuration error reported at once, before any reading
    checkCodeFile(this.resolvedPath, 'function provider');
    this.code = defineUserCode({
      kind: 'module',
      url: pathToFileURL(this.resolvedPath).href,
      exports: ['default', 'call'],
    });
    this.loadTimeoutMs = settings.timeoutMs ?? defaultLoadTimeoutMs;
  }

  private fail(error: unknown): YardstickError {
    return toFunctionError(error, `function:${this.modelId}`, this.resolvedPath);
  }

  /** Imports the module on one thread under the load deadline, so a broken module stops the run before any call. */
  async prepare(): Promise<void> {
    await this.pool.prepare(this.code, { timeoutMs: this.loadTimeoutMs }).catch((error: unknown) => {
      throw this.fail(error);
    });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  async generate(options: CallOptions): Promise<GenerateResult> {
    const returned = await this.pool
      .run(this.code, [toInput(options)], {
        ...(options.abortSignal ? { signal: options.abortSignal } : {}),
        maxResultChars: limits.maxOutputChars,
      })
      .catch((error: unknown) => {
        throw this.fail(error);
      });
    const parsed = functionResultSchema.safeParse(returned);
    if (!parsed.success) {
      throw new YardstickError(
        'E_USER_CODE',
        `function:${this.modelId} returned ${typeof returned}; expected a string or { output: string, toolCalls?, usage?, costUsd? }`,
      );
    }
    const result = typeof parsed.data === 'string' ? { output: parsed.data } : parsed.data;
    const toolCalls: ToolCall[] = (result.toolCalls ?? []).map((call, index) => ({
      id: call.id ?? `call_${index}`,
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
    }));
    return {
      text: result.output,
      toolCalls,
      finishReason: { unified: toolCalls.length > 0 ? 'tool-calls' : 'stop', raw: undefined },
      usage: { inputTokens: result.usage?.inputTokens, outputTokens: result.usage?.outputTokens },
      warnings: [],
      response: { modelId: this.modelId },
      ...(result.costUsd === undefined ? {} : { reportedCostUsd: result.costUsd }),
    };
  }

  /** The user's function answers all at once, so the stream is one text delta. */
  async *stream(options: CallOptions): AsyncIterable<StreamPart> {
    const result = await this.generate(options);
    yield { type: 'response-metadata', modelId: this.modelId };
    if (result.text !== '') yield { type: 'text-delta', delta: result.text };
    for (const [index, call] of result.toolCalls.entries()) {
      yield { type: 'tool-call-delta', index, id: call.id, name: call.name, argumentsDelta: call.arguments };
    }
    yield {
      type: 'finish',
      finishReason: result.finishReason,
      usage: result.usage,
      ...(result.reportedCostUsd === undefined ? {} : { reportedCostUsd: result.reportedCostUsd }),
    };
  }
}
