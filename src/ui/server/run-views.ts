// The run endpoints' answers: the runs list, one run (the scorecard's summary and the frontier), its case matrix a
// page at a time, and one cell's answers with each check's reason. Statistics come from scorecard/, never from here.

import type { z } from 'zod';
import { addDecisions } from '../../scorecard/add-decisions.js';
import { summarizeRun } from '../../scorecard/summarize-run.js';
import type { RunRow } from '../../store/contract/store-types.js';
import type { AnswerView, CaseDetail, CasesPage, RunListItem, RunsPage, RunView } from '../api-types.js';
import type { casesQuery, runsQuery } from './api-query.js';
import {
  decodeCaseCursor,
  decodeTimeCursor,
  encodeCaseCursor,
  encodeTimeCursor,
  nextCursorOf,
} from './cursor.js';
import { columnsOf, frontierOf } from './frontier-points.js';
import type { UiData } from './ui-data.js';
import { UiRequestError } from './ui-request-error.js';

/**
 * List rows of finished runs, by id, status and finish time: a finished run's results no longer change (a resume
 * marks it running and finishes it at a new time), so its row is summarized once, not on every visit.
 */
const finishedItems = new WeakMap<UiData, Map<string, RunListItem>>();
const maxCachedItems = 5_000;

const cachedListItem = async (data: UiData, run: RunRow): Promise<RunListItem> => {
  if (run.status === 'running') return listItem(data, run);
  let cache = finishedItems.get(data);
  if (!cache) {
    cache = new Map();
    finishedItems.set(data, cache);
  }
  const key = `${run.id}\u0000${run.status}\u0000${run.finishedAt ?? ''}`;
  const hit = cache.get(key);
  if (hit) {
    // refresh its place: the Map's order is the order of last use
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const item = await listItem(data, run);
  cache.set(key, item);
  if (cache.size > maxCachedItems) cache.delete(cache.keys().next().value ?? key);
  return item;
};

const listItem = async (data: UiData, run: RunRow): Promise<RunListItem> => {
  const summary = await summarizeRun(await data.summarySource(run.id));
  const costs = summary.summary.map((row) => row.costUsd);
  return {
    id: run.id,
    suite: run.suiteName,
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt ?? null,
    totalPlanned: run.totalPlanned,
    results: summary.totals.results,
    models: summary.summary.map((row) => ({
      model: row.model,
      prompt: row.prompt,
      passRate: row.passRate,
      passRateCi95: row.passRateCi95,
    })),
    passRate: summary.totals.passRate,
    costUsd: costs.some((cost) => cost === null)
      ? null
      : costs.reduce<number>((sum, cost) => sum + (cost ?? 0), 0),
  };
};

export const runsPage = async (data: UiData, query: z.output<typeof runsQuery>): Promise<RunsPage> => {
  const rows = await data.runsPage({
    suite: query.suite,
    model: query.model,
    status: query.status,
    since: query.since,
    until: query.until,
    after: query.cursor === undefined ? undefined : decodeTimeCursor(query.cursor),
    limit: query.limit,
  });
  const runs: RunListItem[] = [];
  for (const row of rows) runs.push(await cachedListItem(data, row));
  return { runs, nextCursor: nextCursorOf(rows, query.limit, encodeTimeCursor) };
};

const requireRun = async (data: UiData, runId: string): Promise<RunRow> => {
  const run = await data.run(runId);
  if (!run) throw new UiRequestError('not_found', `no run "${runId}" in the store`);
  return run;
};

export const runView = async (
  data: UiData,
  runId: string,
  threshold: number | undefined,
): Promise<RunView> => {
  const run = await requireRun(data, runId);
  const summarized = await summarizeRun(await data.summarySource(runId));
  const summary = threshold === undefined ? summarized : addDecisions(summarized, { threshold });
  return {
    summary,
    columns: columnsOf(summary.summary),
    frontier: frontierOf(summary),
    results: summary.totals.results,
    totalPlanned: run.totalPlanned,
  };
};

export const casesPage = async (
  data: UiData,
  runId: string,
  query: z.output<typeof casesQuery>,
): Promise<CasesPage> => {
  await requireRun(data, runId);
  const columns = columnsOf(await data.modelsOf(runId));
  const page = await data.casePage(runId, {
    ...(query.cursor === undefined ? {} : { after: decodeCaseCursor(query.cursor) }),
    limit: query.limit,
    failingOnly: query.failing,
  });
  const cases = page.caseIds.map((id) => {
    const cells = page.cells.get(id) ?? [];
    return {
      id,
      cells: columns.map((column) => {
        const cell = cells.find((item) => item.modelId === column.model && item.promptId === column.prompt);
        return cell ? { passed: cell.passed, runs: cell.runs, errors: cell.errors } : null;
      }),
    };
  });
  return { columns, cases, nextCursor: nextCursorOf(page.caseIds, query.limit, encodeCaseCursor) };
};

export const caseDetail = async (
  data: UiData,
  runId: string,
  caseId: string,
  model: string,
  prompt: string,
): Promise<CaseDetail> => {
  await requireRun(data, runId);
  const rows = await data.caseResults(runId, caseId, model, prompt);
  if (rows.length === 0) {
    throw new UiRequestError(
      'not_found',
      `run "${runId}" has no result for case "${caseId}" on ${model} [${prompt}]`,
    );
  }
  const answers = rows.map(
    ({ result, checks }): AnswerView => ({
      repeat: result.repeat,
      pass: result.pass === true,
      output: result.output ?? '',
      toolCalls: result.toolCalls.map((call) => ({ name: call.name, arguments: call.arguments })),
      error: result.errorCode === undefined ? null : `${result.errorCode}: ${result.errorMessage ?? ''}`,
      latencyMs: result.latencyMs ?? null,
      costUsd: result.costUsd ?? null,
      inputTokens: result.usage.inputTokens ?? null,
      outputTokens: result.usage.outputTokens ?? null,
      cacheHit: result.cacheHit,
      finishReason: result.finishReason?.unified ?? null,
      checks: result.errorCode === undefined ? checks : [],
    }),
  );
  return { runId, caseId, model, prompt, answers };
};
