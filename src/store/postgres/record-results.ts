// Writes results with their call and assertion rows in one transaction, as three bulk statements per batch
// (one array per column, unnested): a result already stored for its (run, prompt, model, test, repeat) is left
// untouched and reported as false, so a resume never duplicates a case.
import { toYardstickError, YardstickError } from '../../spec/errors.js';
import { limits } from '../../spec/limits.js';
import type { ToolCall } from '../../spec/messages.js';
import { type ResultInput, resultKey } from '../contract/store-types.js';
import { toStoredText } from '../to-stored-text.js';
import { type PgDatabase, type SqlValue, storableText } from './pg-database.js';

type Column = [name: string, type: string, value: (result: ResultInput) => SqlValue];

/** SQLite keeps NaN as NULL; so does this store, for the columns that may be NULL. */
const number = (value: number | undefined): number | null =>
  value === undefined || Number.isNaN(value) ? null : value;
const flag = (value: boolean | undefined): number => (value ? 1 : 0);
const storedOrNull = (text: string | undefined): string | null =>
  text === undefined ? null : storableText(toStoredText(text));

const toolCallsJson = (calls: ToolCall[] | undefined): string | null => {
  if (calls === undefined || calls.length === 0) return null;
  const stored = calls.map((call) =>
    call.arguments.length <= limits.maxStoredChars
      ? call
      : { ...call, arguments: toStoredText(call.arguments) },
  );
  return JSON.stringify(stored);
};

const errored = (result: ResultInput): boolean => result.errorCode !== undefined;

const resultColumns: Column[] = [
  ['run_id', 'text', (result) => result.runId],
  ['prompt_id', 'text', (result) => result.promptId],
  ['model_id', 'text', (result) => result.modelId],
  ['test_id', 'text', (result) => result.testId],
  ['repeat', 'int4', (result) => result.repeat],
  ['pass', 'int2', (result) => (errored(result) ? null : flag(result.pass))],
  ['score', 'float8', (result) => number(result.score)],
  ['output', 'text', (result) => storedOrNull(result.output)],
  ['tool_calls_json', 'text', (result) => toolCallsJson(result.toolCalls)],
  ['error_code', 'text', (result) => result.errorCode ?? null],
  ['error_message', 'text', (result) => storedOrNull(result.errorMessage)],
  ['latency_ms', 'float8', (result) => number(result.latencyMs)],
  ['ttft_ms', 'float8', (result) => number(result.ttftMs)],
  ['cost_usd', 'float8', (result) => number(result.costUsd)],
  ['judge_cost_usd', 'float8', (result) => number(result.judgeCostUsd)],
  ['input_tokens', 'int8', (result) => number(result.usage?.inputTokens)],
  ['output_tokens', 'int8', (result) => number(result.usage?.outputTokens)],
  ['cached_input_tokens', 'int8', (result) => number(result.usage?.cachedInputTokens)],
  ['cache_write_input_tokens', 'int8', (result) => number(result.usage?.cacheWriteInputTokens)],
  ['reasoning_tokens', 'int8', (result) => number(result.usage?.reasoningTokens)],
  ['cache_hit', 'int2', (result) => flag(result.cacheHit)],
  ['request_hash', 'text', (result) => result.requestHash ?? null],
  ['finish_reason', 'text', (result) => result.finishReason?.unified ?? null],
  ['finish_reason_raw', 'text', (result) => storableText(result.finishReason?.raw ?? null)],
  ['created_at', 'text', (result) => result.createdAt ?? ''],
];

const callColumns: Column[] = [
  ['run_id', 'text', (result) => result.runId],
  ['model_id', 'text', (result) => result.modelId],
  ['request_hash', 'text', (result) => result.requestHash ?? null],
  ['attempts', 'int4', (result) => result.attempts ?? (result.cacheHit ? 0 : 1)],
  ['status', 'text', (result) => (errored(result) ? 'error' : 'ok')],
  ['error_code', 'text', (result) => result.errorCode ?? null],
  ['latency_ms', 'float8', (result) => number(result.latencyMs)],
  ['ttft_ms', 'float8', (result) => number(result.ttftMs)],
  ['input_tokens', 'int8', (result) => number(result.usage?.inputTokens)],
  ['output_tokens', 'int8', (result) => number(result.usage?.outputTokens)],
  ['cached_input_tokens', 'int8', (result) => number(result.usage?.cachedInputTokens)],
  ['cache_write_input_tokens', 'int8', (result) => number(result.usage?.cacheWriteInputTokens)],
  ['reasoning_tokens', 'int8', (result) => number(result.usage?.reasoningTokens)],
  ['cost_usd', 'float8', (result) => number(result.costUsd)],
  ['cache_hit', 'int2', (result) => flag(result.cacheHit)],
  ['created_at', 'text', (result) => result.createdAt ?? ''],
];

/** `INSERT … SELECT * FROM unnest($1::type[], …)`: one parameter per column, whatever the number of rows. */
export const unnestInsert = (
  table: string,
  columns: ReadonlyArray<readonly [name: string, type: string, ...rest: unknown[]]>,
): string =>
  `INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')})
   SELECT * FROM unnest(${columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ')})`;

const columnArrays = <Row>(
  rows: readonly Row[],
  columns: ReadonlyArray<readonly [string, string, (row: Row) => SqlValue]>,
): SqlValue[] => columns.map(([, , value]) => rows.map((row) => value(row) as string | number | null));

/** NaN in a column that may not be NULL fails the whole batch, as SQLite's NOT NULL does. */
const checkAssertions = (result: ResultInput): void => {
  result.assertions.forEach((outcome, index) => {
    for (const [field, value] of [
      ['score', outcome.score],
      ['weight', outcome.weight],
    ] as const) {
      if (Number.isNaN(value)) {
        throw new YardstickError(
          'E_STORE',
          `assertion ${index} (${outcome.type}) has a ${field} that is not a number`,
        );
      }
    }
  });
};

interface AssertionInsert {
  resultId: number;
  index: number;
  outcome: ResultInput['assertions'][number];
}

const assertionColumns: Array<[string, string, (row: AssertionInsert) => SqlValue]> = [
  ['result_id', 'int8', (row) => row.resultId],
  ['idx', 'int4', (row) => row.index],
  ['type', 'text', (row) => row.outcome.type],
  ['label', 'text', (row) => storableText(row.outcome.label ?? null)],
  ['pass', 'int2', (row) => flag(row.outcome.pass)],
  ['score', 'float8', (row) => row.outcome.score],
  ['weight', 'float8', (row) => row.outcome.weight],
  ['reason', 'text', (row) => storableText(toStoredText(row.outcome.reason))],
  ['judge_cost_usd', 'float8', (row) => number(row.outcome.judgeCostUsd)],
  ['skipped', 'int2', (row) => flag(row.outcome.skipped === true)],
];

const insertResults = `${unnestInsert('results', resultColumns)}
  ON CONFLICT (run_id, model_id, prompt_id, test_id, repeat) DO NOTHING
  RETURNING id, run_id, prompt_id, model_id, test_id, repeat`;
const insertCalls = unnestInsert('calls', [...callColumns, ['result_id', 'int8']]);
const insertAssertions = unnestInsert('assertion_results', assertionColumns);

const keyOf = (runId: string, promptId: string, modelId: string, testId: string, repeat: number): string =>
  `${runId}\u0000${resultKey(promptId, modelId, testId, repeat)}`;

export interface ResultWriter {
  recordResult(result: ResultInput): Promise<boolean>;
  recordResults(results: ResultInput[]): Promise<boolean[]>;
}

export const createResultWriter = (database: PgDatabase): ResultWriter => {
  const write = (input: ResultInput[]): Promise<boolean[]> =>
    database.transaction(async (client) => {
      const now = new Date().toISOString();
      const results = input.map((result) => (result.createdAt ? result : { ...result, createdAt: now }));
      for (const result of results) checkAssertions(result);
      const inserted = await client.query<{
        id: number;
        run_id: string;
        prompt_id: string;
        model_id: string;
        test_id: string;
        repeat: number;
      }>(insertResults, columnArrays(results, resultColumns));
      const ids = new Map(
        inserted.rows.map((row) => [
          keyOf(row.run_id, row.prompt_id, row.model_id, row.test_id, row.repeat),
          row.id,
        ]),
      );
      // the first of two inputs with one key is the one written, as when they are written one by one
      const written: Array<{ result: ResultInput; id: number }> = [];
      const outcomes = results.map((result) => {
        const key = keyOf(result.runId, result.promptId, result.modelId, result.testId, result.repeat);
        const id = ids.get(key);
        if (id === undefined) return false;
        ids.delete(key);
        written.push({ result, id });
        return true;
      });
      if (written.length === 0) return outcomes;
      const callArrays = columnArrays(
        written.map((row) => row.result),
        callColumns,
      );
      callArrays.push(written.map((row) => row.id));
      await client.query(insertCalls, callArrays);
      const assertions = written.flatMap(({ result, id }) =>
        result.assertions.map((outcome, index) => ({ resultId: id, index, outcome })),
      );
      if (assertions.length > 0)
        await client.query(insertAssertions, columnArrays(assertions, assertionColumns));
      return outcomes;
    });

  const storeError = (error: unknown, results: ResultInput[]): YardstickError => {
    const cause = toYardstickError(error, 'E_STORE');
    const first = results[0];
    const what =
      results.length === 1 && first
        ? `the result of ${first.modelId} on ${first.promptId}/${first.testId}#${first.repeat}`
        : `${results.length} results`;
    return new YardstickError('E_STORE', `could not store ${what} in run ${first?.runId}: ${cause.message}`, {
      cause: error,
      retryable: cause.retryable,
    });
  };

  return {
    async recordResult(result) {
      try {
        return (await write([result]))[0] ?? false;
      } catch (error) {
        throw storeError(error, [result]);
      }
    },
    async recordResults(results) {
      if (results.length === 0) return [];
      try {
        return await write(results);
      } catch (error) {
        throw storeError(error, results);
      }
    },
  };
};
