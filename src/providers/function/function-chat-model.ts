// A LanguageModel that runs the user's own code (`function:./app.js`) as the system under test.
import { YardstickError } from '../../spec/errors.js';
import type { CallOptions, GenerateResult, LanguageModel, StreamPart } from '../../spec/language-model.js';
import type { ToolCall } from '../../spec/messages.js';
import { type FunctionInput, functionResultSchema } from './function-schemas.js';
import { loadFunctionModule, resolveFunctionPath, type UserFunction } from './load-function-module.js';

export interface FunctionSettings {
  /** The path as written in the suite, e.g. `./baseline.js`. */
  modelName: string;
  /** Directory the path is relative to (the suite's). */
  baseDir: string;
}

const toInput = (options: CallOptions): FunctionInput => {
  const { messages, vars, ...rest } = options;
  const lastUser = messages.findLast((message) => message.role === 'user');
  return { messages, vars: vars ?? {}, prompt: lastUser?.content ?? '', options: rest };
};

export class FunctionChatModel implements LanguageModel {
  readonly provider = 'function';
  // the module and whatever it reads can change between runs while every request stays the same
  readonly cacheable = false;
  readonly modelId: string;
  private readonly resolvedPath: string;
  private loaded: Promise<UserFunction> | undefined;

  constructor(settings: FunctionSettings) {
    this.modelId = settings.modelName;
    this.resolvedPath = resolveFunctionPath(settings.modelName, settings.baseDir);
  }

  private load(): Promise<UserFunction> {
    this.loaded ??= loadFunctionModule(this.resolvedPath);
    return this.loaded;
  }

  async prepare(): Promise<void> {
    await this.load();
  }

  async generate(options: CallOptions): Promise<GenerateResult> {
    const userFunction = await this.load();
    let returned: unknown;
    try {
      returned = await userFunction(toInput(options));
    } catch (error) {
      // Only the message: a stack trace of the user's code is noise in a report.
      const reason = error instanceof Error ? error.message : String(error);
      throw new YardstickError('E_USER_CODE', `function:${this.modelId} threw: ${reason}`, { cause: error });
    }
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
