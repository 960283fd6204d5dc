// Writes one result with its call row and assertion rows in a single transaction: a crash never leaves half a
// result, and a result already stored for the same (run, prompt, model, test, repeat) is left untouched.
import type BetterSqlite3 from 'better-sqlite3';
import { toYardstickError, YardstickError } from '../../spec/errors.js';
import { limits } from '../../spec/limits.js';
import type { ToolCall } from '../../spec/messages.js';
import type { RunStore } from '../contract/run-store.js';
import type { ResultInput } from '../contract/store-types.js';
import { toStoredText } from '../to-stored-text.js';

type SqlValue = string | number | null;

const orNull = <T extends string | number>(value: T | undefined): T | null => value ?? null;

const storedOrNull = (text: string | undefined): string | null =>
  text === undefined ? null : toStoredText(text);

const toolCallsJson = (calls: ToolCall[] | undefined): string | null => {
  if (calls === undefined || calls.length === 0) return null;
  const stored = calls.map((call) =>
    call.arguments.length <= limits.maxStoredChars
      ? call
      : { ...call, arguments: toStoredText(call.arguments) },
  );
  return JSON.stringify(stored);
};
const flag = (value: boolean | undefined): number => (value ? 1 : 0);

const resultColumns = [
  'run_id',
  'prompt_id',
  'model_id',
  'test_id',
  'repeat',
  'pass',
  'score',
  'output',
  'tool_calls_json',
  'error_code',
  'error_message',
  'latency_ms',
  'ttft_ms',
  'cost_usd',
  'judge_cost_usd',
  'input_tokens',
  'output_tokens',
  'cached_input_tokens',
  'cache_write_input_tokens',
  'reasoning_tokens',
  'cache_hit',
  'request_hash',
  'finish_reason',
  'finish_reason_raw',
  'created_at',
] as const;

const callColumns = [
  'run_id',
  'result_id',
  'model_id',
  'request_hash',
  'attempts',
  'status',
  'error_code',
  'latency_ms',
  'ttft_ms',
  'input_tokens',
  'output_tokens',
  'cached_input_tokens',
  'cache_write_input_tokens',
  'reasoning_tokens',
  'cost_usd',
  'cache_hit',
  'created_at',
] as const;

type Row<Columns extends readonly string[]> = Record<Columns[number], SqlValue>;

const insertSql = (table: string, columns: readonly string[], suffix = ''): string =>
  `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((name) => `@${name}`).join(', ')}) ${suffix}`;

export type ResultRecorder = Pick<RunStore, 'recordResult' | 'recordResults'>;

export const createResultRecorder = (db: BetterSqlite3.Database): ResultRecorder => {
  const insertResult = db.prepare<Row<typeof resultColumns>, { id: number }>(
    insertSql(
      'results',
      resultColumns,
      'ON CONFLICT (run_id, prompt_id, model_id, test_id, repeat) DO NOTHING RETURNING id',
    ),
  );
  const insertCall = db.prepare<Row<typeof callColumns>>(insertSql('calls', callColumns));
  const insertAssertion = db.prepare<
    [number, number, string, SqlValue, number, number, number, string, SqlValue, number]
  >(
    `INSERT INTO assertion_results (result_id, idx, type, label, pass, score, weight, reason, judge_cost_usd, skipped)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  // The row objects are plain literals, never `{ ...shared, more }`: on Node 20's V8 an object built by a spread
  // followed by more properties outlives the young generation, so every stored result used to be promoted.
  const writeOne = (result: ResultInput): boolean => {
    const usage = result.usage;
    const errored = result.errorCode !== undefined;
    const createdAt = result.createdAt ?? new Date().toISOString();
    const errorCode = orNull(result.errorCode);
    const latencyMs = orNull(result.latencyMs);
    const ttftMs = orNull(result.ttftMs);
    const costUsd = orNull(result.costUsd);
    const cacheHit = flag(result.cacheHit);
    const requestHash = orNull(result.requestHash);
    const inputTokens = orNull(usage?.inputTokens);
    const outputTokens = orNull(usage?.outputTokens);
    const cachedInputTokens = orNull(usage?.cachedInputTokens);
    const cacheWriteInputTokens = orNull(usage?.cacheWriteInputTokens);
    const reasoningTokens = orNull(usage?.reasoningTokens);
    const inserted = insertResult.get({
      run_id: result.runId,
      model_id: result.modelId,
      error_code: errorCode,
      latency_ms: latencyMs,
      ttft_ms: ttftMs,
      cost_usd: costUsd,
      cache_hit: cacheHit,
      request_hash: requestHash,
      created_at: createdAt,
      input_tokens: inputTokens,
      output_tokens: outputTokens,
      cached_input_tokens: cachedInputTokens,
      cache_write_input_tokens: cacheWriteInputTokens,
      reasoning_tokens: reasoningTokens,
      prompt_id: result.promptId,
      test_id: result.testId,
      repeat: result.repeat,
      pass: errored ? null : flag(result.pass),
      score: orNull(result.score),
      output: storedOrNull(result.output),
      tool_calls_json: toolCallsJson(result.toolCalls),
      error_message: storedOrNull(result.errorMessage),
      judge_cost_usd: orNull(result.judgeCostUsd),
      finish_reason: orNull(result.finishReason?.unified),
      finish_reason_raw: orNull(result.finishReason?.raw),
    });
    if (!inserted) return false;
    insertCall.run({
      run_id: result.runId,
      model_id: result.modelId,
      error_code: errorCode,
      latency_ms: latencyMs,
      ttft_ms: ttftMs,
      cost_usd: costUsd,
      cache_hit: cacheHit,
      request_hash: requestHash,
      created_at: createdAt,
      input_tokens: inputTokens,
      output_tokens: outputTokens,
      cached_input_tokens: cachedInputTokens,
      cache_write_input_tokens: cacheWriteInputTokens,
      reasoning_tokens: reasoningTokens,
      result_id: inserted.id,
      attempts: result.attempts ?? (result.cacheHit ? 0 : 1),
      status: errored ? 'error' : 'ok',
    });
    result.assertions.forEach((outcome, index) => {
      insertAssertion.run(
        inserted.id,
        index,
        outcome.type,
        orNull(outcome.label),
        flag(outcome.pass),
        outcome.score,
        outcome.weight,
        toStoredText(outcome.reason),
        orNull(outcome.judgeCostUsd),
        flag(outcome.skipped === true),
      );
    });
    return true;
  };
  const writeMany = db.transaction((results: ResultInput[]): boolean[] => results.map(writeOne));

  const storeError = (error: unknown, results: ResultInput[]): YardstickError => {
    if (error instanceof YardstickError) return error;
    const cause = toYardstickError(error, 'E_STORE');
    const first = results[0];
    const what =
      results.length === 1 && first
        ? `the result of ${first.modelId} on ${first.promptId}/${first.testId}#${first.repeat}`
        : `${results.length} results`;
    return new YardstickError('E_STORE', `could not store ${what} in run ${first?.runId}: ${cause.message}`, {
      cause: error,
    });
  };

  return {
    async recordResult(result) {
      try {
        return writeMany.immediate([result])[0] ?? false;
      } catch (error) {
        throw storeError(error, [result]);
      }
    },
    async recordResults(results) {
      if (results.length === 0) return [];
      try {
        return writeMany.immediate(results);
      } catch (error) {
        throw storeError(error, results);
      }
    },
  };
};
