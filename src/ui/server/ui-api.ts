// The JSON API under /api/ (docs/ui.md): one route per endpoint, each parsing its query with a schema and
// answering from the views over ui-data. Read only but for one POST: capturing a trace as a regression case.

import {
  captureBody,
  caseQuery,
  casesQuery,
  compareQuery,
  monitorsQuery,
  noQuery,
  parseBody,
  parseQuery,
  runQuery,
  runsQuery,
  spendQuery,
  tracesQuery,
} from './api-query.js';
import { captureTrace } from './capture-view.js';
import { comparisonPage } from './compare-view.js';
import { monitorsView } from './monitor-views.js';
import { routesView, routeView } from './route-views.js';
import { caseDetail, casesPage, runsPage, runView } from './run-views.js';
import { spendView, tracesPage, traceView } from './trace-views.js';
import type { UiContext } from './ui-context.js';
import type { UiData } from './ui-data.js';
import { UiRequestError } from './ui-request-error.js';

export interface ApiCall {
  method: string;
  /** Still %-encoded. */
  pathname: string;
  query: URLSearchParams;
  body: string;
  context: UiContext;
}

type Handler = (data: UiData, params: string[], query: URLSearchParams, call: ApiCall) => Promise<unknown>;

// Path segments are matched decoded, so ids with any character (`/` excepted) round-trip.
const routes: Array<{ pattern: RegExp; handle: Handler; method?: 'POST' }> = [
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
  {
    pattern: /^\/api\/traces\/([^/]+)\/capture$/,
    method: 'POST',
    handle: (data, [id = ''], query, call) => {
      parseQuery(noQuery, query);
      return captureTrace(data, call.context, id, parseBody(captureBody, call.body));
    },
  },
  {
    pattern: /^\/api\/routes$/,
    handle: async (data, _, query, call) => {
      parseQuery(noQuery, query);
      return routesView(data, call.context);
    },
  },
  {
    pattern: /^\/api\/routes\/([^/]+)$/,
    handle: (data, [name = ''], query, call) => {
      parseQuery(noQuery, query);
      return routeView(data, call.context, name);
    },
  },
  {
    pattern: /^\/api\/monitors$/,
    handle: (data, _, query, call) => monitorsView(data, call.context, parseQuery(monitorsQuery, query)),
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

/** Whether some endpoint takes a POST at this path (`pathname` still %-encoded). */
export const takesPost = (pathname: string): boolean =>
  routes.some((route) => route.method === 'POST' && route.pattern.test(pathname));

/** Answers one API request. @throws UiRequestError */
export const answerApi = async (data: UiData, call: ApiCall): Promise<unknown> => {
  for (const route of routes) {
    const match = route.pattern.exec(call.pathname);
    if (!match) continue;
    const method = route.method ?? 'GET';
    const asked = call.method === 'HEAD' ? 'GET' : call.method;
    if (asked !== method)
      throw new UiRequestError('method_not_allowed', `${call.method} ${call.pathname}: use ${method}`);
    return route.handle(data, match.slice(1).map(decodeSegment), call.query, call);
  }
  throw new UiRequestError('not_found', `no endpoint ${call.pathname}; docs/ui.md lists them`);
};
