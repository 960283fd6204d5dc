// Runs one planned call end to end: render the prompt, call the model, check the assertions, price it, store it.
import { evaluateAssertions } from '../assertions/evaluate-assertions.js';
import { costOfUsage } from '../pricing/cost-of-usage.js';
import { resolvePrice } from '../pricing/resolve-price.js';
import type { YardstickError } from '../spec/errors.js';
import type { CallOptions } from '../spec/language-model.js';
import type { ModelOptions } from '../spec/model-config.js';
import type { ResultInput } from '../store/contract/store-types.js';
import { renderMessages } from '../suite/render-template.js';
import type { Prompt, TestCase } from '../suite/suite-types.js';
import { callModel } from './call-model.js';
import type { Graders } from './judge.js';
import type { PooledModel } from './model-pool.js';
import type { ResponseCache } from './response-cache.js';

export interface ExecuteContext {
  runId: string;
  baseDir: string;
  cache: ResponseCache | undefined;
  graders: Graders;
  abortSignal: AbortSignal;
  onRetry: (model: string, error: YardstickError, delayMs: number) => void;
}

export interface Executed {
  record: ResultInput;
  /** The call's error, when the model never answered. */
  error: YardstickError | undefined;
  /** What was actually spent now (cache hits cost nothing); undefined when unpriced. */
  spentUsd: number | undefined;
}

export const toCallOptions = (
  prompt: Prompt,
  test: TestCase,
  options: ModelOptions | undefined,
): CallOptions => ({
  // a test's own conversation (e.g. captured from a trace) is sent as written, instead of the prompt's
  messages: test.messages ?? renderMessages(prompt.messages, test.vars),
  ...(prompt.tools ? { tools: prompt.tools } : {}),
  ...(prompt.toolChoice ? { toolChoice: prompt.toolChoice } : {}),
  ...(options?.temperature !== undefined ? { temperature: options.temperature } : {}),
  ...(options?.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
  ...(options?.topP !== undefined ? { topP: options.topP } : {}),
  ...(options?.stop ? { stop: options.stop } : {}),
  ...(options?.seed !== undefined ? { seed: options.seed } : {}),
  ...(options?.responseFormat ? { responseFormat: { type: options.responseFormat } } : {}),
  vars: test.vars,
});

export const executeCall = async (
  pooled: PooledModel,
  prompt: Prompt,
  test: TestCase,
  repeat: number,
  context: ExecuteContext,
): Promise<Executed> => {
  const options = toCallOptions(prompt, test, pooled.config.options);
  const outcome = await callModel({
    model: pooled.model,
    config: pooled.config,
    options,
    repeat,
    cache: context.cache,
    abortSignal: context.abortSignal,
    onRetry: (error, delayMs) => context.onRetry(pooled.key, error, delayMs),
  });

  // Spread last in the records below: `{ ...base, more }` is promoted on Node 20 (see record-result.ts).
  const base = {
    runId: context.runId,
    promptId: prompt.id,
    modelId: pooled.key,
    testId: test.id,
    repeat,
    requestHash: outcome.requestHash,
    latencyMs: outcome.latencyMs,
    attempts: outcome.attempts,
  };

  if (!outcome.ok) {
    return {
      record: {
        pass: false,
        score: 0,
        output: '',
        toolCalls: [],
        errorCode: outcome.error.code,
        errorMessage: outcome.error.message,
        ttftMs: undefined,
        costUsd: undefined,
        judgeCostUsd: 0,
        usage: { inputTokens: undefined, outputTokens: undefined },
        cacheHit: false,
        assertions: [],
        ...base,
      },
      error: outcome.error,
      spentUsd: 0,
    };
  }

  const { result } = outcome;
  const price = resolvePrice(pooled.config);
  const costUsd = result.reportedCostUsd ?? (price ? costOfUsage(result.usage, price.price) : undefined);
  const evaluation = await evaluateAssertions(
    test.assert,
    {
      output: result.text,
      toolCalls: result.toolCalls,
      latencyMs: outcome.latencyMs,
      costUsd,
      vars: test.vars,
      testId: test.id,
      model: pooled.config.id,
      baseDir: context.baseDir,
      callJudge: context.graders.callJudge,
      embed: context.graders.embed,
      abortSignal: context.abortSignal,
    },
    test.threshold,
  );
  const judgeCostUsd = evaluation.outcomes.reduce((sum, item) => sum + (item.judgeCostUsd ?? 0), 0);
  // a cache hit costs nothing now, but an unpriced model stays unpriced rather than showing $0
  const callSpend = costUsd === undefined ? undefined : outcome.cacheHit ? 0 : costUsd;

  return {
    record: {
      pass: evaluation.pass,
      score: evaluation.score,
      output: result.text,
      toolCalls: result.toolCalls,
      errorCode: undefined,
      errorMessage: undefined,
      ttftMs: result.timeToFirstTokenMs,
      costUsd,
      judgeCostUsd,
      usage: result.usage,
      cacheHit: outcome.cacheHit,
      finishReason: result.finishReason,
      assertions: evaluation.outcomes,
      ...base,
    },
    error: undefined,
    spentUsd: callSpend === undefined ? undefined : callSpend + judgeCostUsd,
  };
};
