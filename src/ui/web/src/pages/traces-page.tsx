// Traces: the gateway's requests newest first, filtered by route, key, model, status and time, a page at a time
// from a cursor (the list may hold millions).
import type { TracesPage as TracesPageData } from '../../../api-types.js';
import { LoadState } from '../components/load-state.js';
import { ms, usd, when } from '../format.js';
import { href, navigate } from '../router.js';
import { useApi } from '../use-api.js';

const filterNames = ['route', 'key', 'model', 'status', 'since', 'monitor'] as const;

export const TracesPage = ({ params }: { params: URLSearchParams }) => {
  const query = Object.fromEntries(
    [...filterNames, 'cursor'].map((name) => [name, params.get(name) ?? undefined]),
  );
  const loaded = useApi<TracesPageData>('traces', query);
  const onSubmit = (event: Event): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    navigate(
      href(['traces'], Object.fromEntries(filterNames.map((name) => [name, String(form.get(name) ?? '')]))),
    );
  };
  return (
    <>
      <h1>Traces</h1>
      <form class="filters" onSubmit={onSubmit} aria-label="filter traces">
        <label>
          route
          <input name="route" value={params.get('route') ?? ''} />
        </label>
        <label>
          key
          <input name="key" value={params.get('key') ?? ''} placeholder="key name" />
        </label>
        <label>
          model
          <input name="model" value={params.get('model') ?? ''} placeholder="openai:gpt-4o-mini" />
        </label>
        <label>
          status
          <select name="status" value={params.get('status') ?? ''}>
            <option value="">any</option>
            <option value="ok">ok</option>
            <option value="error">error (4xx, 5xx)</option>
            <option value="429">429</option>
            <option value="502">502</option>
          </select>
        </label>
        <label>
          since
          <input name="since" value={params.get('since') ?? ''} placeholder="1h, 7d or 2026-11-01" />
        </label>
        <label class="check">
          <input type="checkbox" name="monitor" value="failed" checked={params.get('monitor') === 'failed'} />
          failed monitor checks only
        </label>
        <button type="submit">Filter</button>
      </form>
      <p>
        <a href="#/spend">Spend per key and per route over time →</a>
      </p>
      <LoadState loaded={loaded} label="the traces">
        {(data) =>
          data.traces.length === 0 ? (
            <p class="muted">No trace matches; `yardstick serve` records one per request.</p>
          ) : (
            <>
              <div class="table-wrap">
                <table id="traces">
                  <thead>
                    <tr>
                      <th scope="col">time (UTC)</th>
                      <th scope="col">status</th>
                      <th scope="col">key</th>
                      <th scope="col">route</th>
                      <th scope="col">model</th>
                      <th scope="col" class="num">
                        tokens in/out
                      </th>
                      <th scope="col" class="num">
                        cost
                      </th>
                      <th scope="col" class="num">
                        latency
                      </th>
                      <th scope="col" class="num">
                        attempts
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.traces.map((trace) => (
                      <tr>
                        <td>
                          <a href={href(['traces', trace.id])}>{when(trace.startedAt)}</a>
                        </td>
                        <td class={trace.status >= 400 ? 'no' : undefined}>{trace.status}</td>
                        <td>{trace.keyName ?? '–'}</td>
                        <td>{trace.route ?? '–'}</td>
                        <td>{trace.provider && trace.model ? `${trace.provider}:${trace.model}` : '–'}</td>
                        <td class="num">
                          {trace.inputTokens === null
                            ? '–'
                            : `${trace.inputTokens}/${trace.outputTokens ?? 0}`}
                        </td>
                        <td class="num">{usd(trace.costUsd)}</td>
                        <td class="num">{ms(trace.latencyMs)}</td>
                        <td class="num">{trace.attempts}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <nav class="pager" aria-label="pages">
                {params.get('cursor') ? (
                  <a href={href(['traces'], { ...query, cursor: undefined })}>← newest</a>
                ) : null}
                {data.nextCursor ? (
                  <a href={href(['traces'], { ...query, cursor: data.nextCursor })}>older →</a>
                ) : null}
              </nav>
            </>
          )
        }
      </LoadState>
    </>
  );
};
