// The JSON API under /api/ (docs/ui.md): one route per endpoint, each parsing its query with a schema and
// answering from the views over ui-data. Read only: GET (and HEAD) alone.
import {
  caseQuery,
  casesQuery,
  compareQuery,
  noQuery,
  parseQuery,
  runQuery,
  runsQuery,
  spendQuery,
  tracesQuery,
} from './api-query.js';
import { comparisonPage } from './compare-view.js';
import { caseDetail, casesPage, runsPage, runView } from './run-views.js';
import { spendView, tracesPage, traceView } from './trace-views.js';
import type { UiData } from './ui-data.js';
import { UiRequestError } from './ui-request-error.js';

type Handler = (data: UiData, params: string[], query: URLSearchParams) => Promise<unknown>;

// Path segments are matched decoded, so ids with any character (`/` excepted) round-trip.
const routes: Array<{ pattern: RegExp; handle: Handler }> = [
  { pattern: /^\/api\/runs$/, handle: (data, _, query) => runsPage(data, parseQuery(runsQuery, query)) },
  {
    pattern: /^\/api\/suites$/,
    handle: async (data, _, query) => {
      parseQuery(noQuery, query);
      return { suites: await data.suiteNames() };
    },
  },
  {
    pattern: /^\/api\/runs\/([^/]+)$/,
    handle: (data, [runId = ''], query) => runView(data, runId, parseQuery(runQuery, query).threshold),
  },
  {
    pattern: /^\/api\/runs\/([^/]+)\/cases$/,
    handle: (data, [runId = ''], query) => casesPage(data, runId, parseQuery(casesQuery, query)),
  },
  {
    pattern: /^\/api\/runs\/([^/]+)\/cases\/([^/]+)$/,
    handle: (data, [runId = '', caseId = ''], query) => {
      const { model, prompt } = parseQuery(caseQuery, query);
      return caseDetail(data, runId, caseId, model, prompt);
    },
  },
  {
    pattern: /^\/api\/compare$/,
    handle: (data, _, query) => comparisonPage(data, parseQuery(compareQuery, query)),
  },
  {
    pattern: /^\/api\/traces$/,
    handle: (data, _, query) => tracesPage(data, parseQuery(tracesQuery, query)),
  },
  {
    pattern: /^\/api\/traces\/([^/]+)$/,
    handle: (data, [id = ''], query) => {
      parseQuery(noQuery, query);
      return traceView(data, id);
    },
  },
  { pattern: /^\/api\/spend$/, handle: (data, _, query) => spendView(data, parseQuery(spendQuery, query)) },
];

const decodeSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new UiRequestError('bad_request', 'the path has a malformed %-escape');
  }
};

/** Answers one API request; `pathname` is still %-encoded. @throws UiRequestError */
export const answerApi = async (data: UiData, pathname: string, query: URLSearchParams): Promise<unknown> => {
  for (const route of routes) {
    const match = route.pattern.exec(pathname);
    if (match) return route.handle(data, match.slice(1).map(decodeSegment), query);
  }
  throw new UiRequestError('not_found', `no endpoint ${pathname}; docs/ui.md lists them`);
};
