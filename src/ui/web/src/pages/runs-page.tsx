// Runs: the filterable list, newest first, a page at a time (suite, date, models with pass rates, status, spend).
import type { RunsPage as RunsPageData } from '../../../api-types.js';
import { LoadState } from '../components/load-state.js';
import { percent, usd, when } from '../format.js';
import { href, navigate } from '../router.js';
import { useApi } from '../use-api.js';

const filterNames = ['suite', 'model', 'status', 'since', 'until'] as const;

const FilterForm = ({ params }: { params: URLSearchParams }) => {
  const suites = useApi<{ suites: string[] }>('suites');
  const onSubmit = (event: Event): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const values = Object.fromEntries(filterNames.map((name) => [name, String(form.get(name) ?? '')]));
    navigate(href(['runs'], values));
  };
  return (
    <form class="filters" onSubmit={onSubmit} aria-label="filter runs">
      <label>
        suite
        <select name="suite" value={params.get('suite') ?? ''}>
          <option value="">any</option>
          {(suites.state === 'ready' ? suites.data.suites : []).map((suite) => (
            <option value={suite}>{suite}</option>
          ))}
        </select>
      </label>
      <label>
        model
        <input name="model" value={params.get('model') ?? ''} placeholder="openai:gpt-4o-mini" />
      </label>
      <label>
        status
        <select name="status" value={params.get('status') ?? ''}>
          <option value="">any</option>
          {['completed', 'running', 'aborted', 'failed'].map((status) => (
            <option value={status}>{status}</option>
          ))}
        </select>
      </label>
      <label>
        since
        <input name="since" type="date" value={params.get('since') ?? ''} />
      </label>
      <label>
        before
        <input name="until" type="date" value={params.get('until') ?? ''} />
      </label>
      <button type="submit">Filter</button>
    </form>
  );
};

export const RunsPage = ({ params }: { params: URLSearchParams }) => {
  const query = Object.fromEntries(
    [...filterNames, 'cursor'].map((name) => [name, params.get(name) ?? undefined]),
  );
  const loaded = useApi<RunsPageData>('runs', query);
  return (
    <>
      <h1>Runs</h1>
      <FilterForm params={params} />
      <LoadState loaded={loaded} label="the runs">
        {(data) =>
          data.runs.length === 0 ? (
            <p class="muted">No run matches. Start one with `yardstick eval suite.yaml`.</p>
          ) : (
            <>
              <div class="table-wrap">
                <table id="runs">
                  <thead>
                    <tr>
                      <th scope="col">started (UTC)</th>
                      <th scope="col">suite</th>
                      <th scope="col">status</th>
                      <th scope="col">models: pass rate</th>
                      <th scope="col" class="num">
                        results
                      </th>
                      <th scope="col" class="num">
                        spend
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.runs.map((run) => (
                      <tr>
                        <td>
                          <a href={href(['runs', run.id])}>{when(run.startedAt)}</a>
                        </td>
                        <td>{run.suite}</td>
                        <td>
                          <span class={`status ${run.status}`}>{run.status}</span>
                        </td>
                        <td>
                          <ul class="plain">
                            {run.models.map((model) => (
                              <li>
                                {model.model}
                                {run.models.some((other) => other.prompt !== model.prompt)
                                  ? ` [${model.prompt}]`
                                  : ''}
                                : <strong>{percent(model.passRate)}</strong>
                              </li>
                            ))}
                          </ul>
                        </td>
                        <td class="num">
                          {run.results}/{run.totalPlanned}
                        </td>
                        <td class="num">{usd(run.costUsd)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <nav class="pager" aria-label="pages">
                {params.get('cursor') ? (
                  <a href={href(['runs'], { ...query, cursor: undefined })}>← newest</a>
                ) : null}
                {data.nextCursor ? (
                  <a href={href(['runs'], { ...query, cursor: data.nextCursor })}>older →</a>
                ) : null}
              </nav>
            </>
          )
        }
      </LoadState>
    </>
  );
};
