// Spend per key or per route over time, by hour or day, against each key's budget: a chart per key or route with
// its daily budget as a line when the budget is per day, and a table of what each budget has used this period.
import * as Plot from '@observablehq/plot';
import { useCallback } from 'preact/hooks';
import type { KeyBudget, SpendSeries, SpendView } from '../../../api-types.js';
import { LoadState } from '../components/load-state.js';
import { PlotFigure, plotClass } from '../components/plot-figure.js';
import { usd, when } from '../format.js';
import { href, navigate } from '../router.js';
import { useApi } from '../use-api.js';

const bucketDate = (bucket: string): Date =>
  new Date(bucket.length === 10 ? `${bucket}T00:00:00Z` : `${bucket}:00:00Z`);

const SpendChart = ({
  series,
  view,
  budget,
}: {
  series: SpendSeries;
  view: SpendView;
  budget: KeyBudget | undefined;
}) => {
  const dailyBudget = view.bucket === 'day' && budget?.budgetPeriod === 'day' ? budget.budgetUsd : null;
  const draw = useCallback(() => {
    const rows = series.buckets.map((bucket) => ({ at: bucketDate(bucket.bucket), costUsd: bucket.costUsd }));
    const marks: Plot.Markish[] = [
      Plot.rectY(rows, {
        x: 'at',
        y: 'costUsd',
        interval: view.bucket === 'hour' ? 'hour' : 'day',
        fill: 'var(--pareto)',
        title: (row: { at: Date; costUsd: number }) =>
          `${row.at.toISOString().slice(0, 13).replace('T', ' ')}: ${usd(row.costUsd)}`,
      }),
      Plot.ruleY([0]),
    ];
    if (dailyBudget !== null)
      marks.push(Plot.ruleY([dailyBudget], { stroke: 'var(--bad)', strokeDasharray: '4,3' }));
    return Plot.plot({
      className: plotClass,
      width: 760,
      height: 200,
      marginLeft: 60,
      x: { type: 'utc', domain: [new Date(view.since), new Date(view.until)], label: null },
      y: { label: `spend per ${view.bucket} (USD)`, grid: true, tickFormat: (value: number) => usd(value) },
      marks,
    });
  }, [series, view, dailyBudget]);
  return (
    <section class="spend-series">
      <h3>
        {series.group ?? `(no ${view.by})`}: {usd(series.totalUsd)} over {series.requests} request(s)
        {dailyBudget !== null ? <span class="muted"> · budget {usd(dailyBudget)}/day (red line)</span> : null}
      </h3>
      <PlotFigure
        draw={draw}
        label={`spend of ${series.group ?? 'requests without one'} per ${view.bucket}`}
      />
    </section>
  );
};

export const SpendPage = ({ params }: { params: URLSearchParams }) => {
  const by = params.get('by') === 'route' ? 'route' : 'key';
  const bucket = params.get('bucket') === 'hour' ? 'hour' : 'day';
  const loaded = useApi<SpendView>('spend', { by, bucket, since: params.get('since') ?? undefined });
  const onSubmit = (event: Event): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    navigate(
      href(['spend'], {
        by: String(form.get('by')),
        bucket: String(form.get('bucket')),
        since: String(form.get('since') ?? ''),
      }),
    );
  };
  return (
    <>
      <h1>Spend</h1>
      <form class="filters" onSubmit={onSubmit} aria-label="choose the spend view">
        <label>
          per
          <select name="by" value={by}>
            <option value="key">key</option>
            <option value="route">route</option>
          </select>
        </label>
        <label>
          by
          <select name="bucket" value={bucket}>
            <option value="day">day</option>
            <option value="hour">hour</option>
          </select>
        </label>
        <label>
          since
          <input name="since" value={params.get('since') ?? ''} placeholder="7d (default), 30d, 2026-11-01" />
        </label>
        <button type="submit">Show</button>
      </form>
      <LoadState loaded={loaded} label="the spend">
        {(view) => (
          <>
            <p class="muted">
              {when(view.since)} to {when(view.until)} UTC.
            </p>
            <h2>Budgets</h2>
            {view.budgets.length === 0 ? (
              <p class="muted">No keys yet: `yardstick keys create --name team-a --budget-usd 50/day`.</p>
            ) : (
              <div class="table-wrap">
                <table id="budgets">
                  <thead>
                    <tr>
                      <th scope="col">key</th>
                      <th scope="col">id</th>
                      <th scope="col">status</th>
                      <th scope="col" class="num">
                        budget
                      </th>
                      <th scope="col" class="num">
                        spent this period
                      </th>
                      <th scope="col" class="num">
                        used
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.budgets.map((key) => {
                      const used =
                        key.budgetUsd && key.spentThisPeriodUsd !== null
                          ? key.spentThisPeriodUsd / key.budgetUsd
                          : null;
                      return (
                        <tr>
                          <th scope="row">{key.name}</th>
                          <td class="mono">{key.id}</td>
                          <td>{key.status}</td>
                          <td class="num">
                            {key.budgetUsd === null ? 'none' : `${usd(key.budgetUsd)}/${key.budgetPeriod}`}
                          </td>
                          <td class="num">
                            {key.spentThisPeriodUsd === null ? '–' : usd(key.spentThisPeriodUsd)}
                          </td>
                          <td class={`num${used !== null && used >= 1 ? ' no' : ''}`}>
                            {used === null ? '–' : `${Math.round(used * 100)}%`}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
            <h2>
              Per {view.by}, per {view.bucket}
            </h2>
            {view.series.length === 0 ? <p class="muted">No request in this period.</p> : null}
            {view.series.map((series) => (
              <SpendChart
                series={series}
                view={view}
                budget={view.by === 'key' ? view.budgets.find((key) => key.name === series.group) : undefined}
              />
            ))}
          </>
        )}
      </LoadState>
    </>
  );
};
