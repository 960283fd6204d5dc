// One trace: who asked, what answered, each attempt, tokens, cost, latency and, when captured, both bodies as text.
import type { TraceView } from '../../../api-types.js';
import { CaptureForm } from '../components/capture-form.js';
import { LoadState } from '../components/load-state.js';
import { ms, usd, when } from '../format.js';
import { useApi } from '../use-api.js';

/** A captured body, indented when it is JSON; shown as text either way. */
const pretty = (body: string): string => {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
};

export const TracePage = ({ traceId }: { traceId: string }) => {
  const loaded = useApi<TraceView>(`traces/${encodeURIComponent(traceId)}`);
  return (
    <LoadState loaded={loaded} label="the trace">
      {(trace) => (
        <>
          <p>
            <a href="#/traces">← traces</a>
          </p>
          <h1>
            Trace <span class="mono">{trace.id}</span>
          </h1>
          <dl class="facts" id="trace-facts">
            <dt>time (UTC)</dt>
            <dd>{when(trace.startedAt)}</dd>
            <dt>status</dt>
            <dd class={trace.status >= 400 ? 'no' : 'ok'}>
              {trace.status}
              {trace.errorCode ? ` ${trace.errorCode}: ${trace.errorMessage ?? ''}` : ''}
            </dd>
            <dt>key</dt>
            <dd>{trace.keyName ?? '–'}</dd>
            <dt>route</dt>
            <dd>{trace.route ?? '–'}</dd>
            <dt>requested model</dt>
            <dd>{trace.requestedModel ?? '–'}</dd>
            <dt>answered by</dt>
            <dd>{trace.provider && trace.model ? `${trace.provider}:${trace.model}` : '–'}</dd>
            <dt>endpoint</dt>
            <dd>
              {trace.endpoint}
              {trace.stream ? ' (stream)' : ''}
              {trace.cacheHit ? ' (from the cache)' : ''}
            </dd>
            <dt>tokens</dt>
            <dd>
              {trace.inputTokens ?? '–'} in
              {trace.cachedInputTokens ? ` (${trace.cachedInputTokens} cached)` : ''},{' '}
              {trace.outputTokens ?? '–'} out
              {trace.reasoningTokens ? ` (${trace.reasoningTokens} reasoning)` : ''}
            </dd>
            <dt>cost</dt>
            <dd>{usd(trace.costUsd)}</dd>
            <dt>latency</dt>
            <dd>
              {ms(trace.latencyMs)}
              {trace.ttftMs !== null ? `, first token after ${ms(trace.ttftMs)}` : ''}
            </dd>
          </dl>
          <h2>Attempts</h2>
          <div class="table-wrap">
            <table id="attempts">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">target</th>
                  <th scope="col">status</th>
                  <th scope="col" class="num">
                    latency
                  </th>
                  <th scope="col">error</th>
                </tr>
              </thead>
              <tbody>
                {trace.attempts.map((attempt, index) => (
                  <tr>
                    <td>{index + 1}</td>
                    <td>
                      {attempt.provider}:{attempt.model}
                    </td>
                    <td class={attempt.status === 0 || attempt.status >= 400 ? 'no' : undefined}>
                      {attempt.status === 0 ? 'no answer' : attempt.status}
                    </td>
                    <td class="num">{ms(attempt.latencyMs)}</td>
                    <td>{attempt.error ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {trace.requestBody !== null ? (
            <>
              <h2>Capture as regression case</h2>
              <p class="muted">
                Appends this conversation to a suite test file, as `yardstick capture {trace.id} --to …` does;
                without an expectation the case is marked for review.
              </p>
              <CaptureForm traceId={trace.id} />
            </>
          ) : null}
          <h2>Request</h2>
          {trace.requestBody === null ? (
            <p class="muted">Not captured: set `capture: true` on the route to keep the bodies.</p>
          ) : (
            <pre class="output" id="request-body">
              {pretty(trace.requestBody)}
            </pre>
          )}
          <h2>Response</h2>
          {trace.responseBody === null ? (
            <p class="muted">Not captured.</p>
          ) : (
            <pre class="output" id="response-body">
              {pretty(trace.responseBody)}
            </pre>
          )}
        </>
      )}
    </LoadState>
  );
};
