// Monitors: per route and model, the production pass rate per hour or day with its 95% interval as a band, the
// qualification's pass rate as the reference line, and each bucket `yardstick monitor` would call drift marked.
import * as Plot from '@observablehq/plot';
import { useCallback } from 'preact/hooks';
import type { DriftPoint, DriftSeries, MonitorsView } from '../../../api-types.js';
import { LoadState } from '../components/load-state.js';
import { PlotFigure, plotClass } from '../components/plot-figure.js';
import { interval, percent, when } from '../format.js';
import { href, navigate } from '../router.js';
import { useApi } from '../use-api.js';

interface Row {
  /** The middle of the bucket, where its point is drawn; its band spans the bucket. */
  at: Date;
  start: Date;
  end: Date;
  rate: number;
  low: number;
  high: number;
  point: DriftPoint;
}

const rowsOf = (series: DriftSeries): Row[] =>
  series.points.flatMap((point) =>
    point.passRate === null || point.passRateCi95 === null
      ? []
      : [
          {
            at: new Date((Date.parse(point.start) + Date.parse(point.end)) / 2),
            start: new Date(point.start),
            end: new Date(point.end),
            rate: point.passRate,
            low: point.passRateCi95[0],
            high: point.passRateCi95[1],
            point,
          },
        ],
  );

const MonitorChart = ({ series, view }: { series: DriftSeries; view: MonitorsView }) => {
  const draw = useCallback(() => {
    const rows = rowsOf(series);
    const drifted = rows.filter((row) => row.point.drift);
    const title = (row: Row) =>
      `${when(row.point.start)} UTC: ${row.point.passed}/${row.point.samples} passed, ${percent(row.rate)} (95% CI ${interval([row.low, row.high])})${row.point.drift ? ', drift' : ''}`;
    const marks: Plot.Markish[] = [
      Plot.rect(rows, {
        x1: 'start',
        x2: 'end',
        y1: 'low',
        y2: 'high',
        fill: 'var(--pareto)',
        fillOpacity: 0.25,
      }),
      Plot.ruleX(rows, { x: 'at', y1: 'low', y2: 'high', stroke: 'var(--pareto)' }),
      Plot.line(rows, { x: 'at', y: 'rate', stroke: 'var(--pareto)' }),
      Plot.dot(rows, { x: 'at', y: 'rate', r: 3, fill: 'var(--pareto)', title }),
      Plot.dot(drifted, {
        x: 'at',
        y: 'rate',
        r: 7,
        symbol: 'triangle',
        fill: 'var(--bad)',
        title,
      }),
      Plot.text(drifted, {
        x: 'at',
        y: 'low',
        text: () => 'drift',
        dy: 12,
        fill: 'var(--bad)',
        fontWeight: 'bold',
      }),
    ];
    if (series.qualificationPassRate !== null) {
      marks.unshift(
        Plot.ruleY([series.qualificationPassRate], { stroke: 'var(--good)', strokeDasharray: '5,3' }),
        Plot.ruleY([Math.max(0, series.qualificationPassRate - series.maxDrop)], {
          stroke: 'var(--bad)',
          strokeDasharray: '2,4',
        }),
      );
    }
    return Plot.plot({
      className: plotClass,
      width: 640,
      height: 240,
      marginLeft: 56,
      // the last bucket runs past `until`: the axis ends where it does, so its band is whole
      x: {
        type: 'utc',
        domain: [
          new Date(view.since),
          new Date(Math.max(Date.parse(view.until), ...rows.map((row) => row.end.getTime()))),
        ],
        label: null,
      },
      y: {
        domain: [0, 1],
        label: 'pass rate (95% CI)',
        grid: true,
        tickFormat: (value: number) => percent(value),
      },
      marks,
    });
  }, [series, view]);
  const drifts = series.points.filter((point) => point.drift);
  const samples = series.points.reduce((sum, point) => sum + point.samples, 0);
  const passed = series.points.reduce((sum, point) => sum + point.passed, 0);
  return (
    <section class="monitor-series" data-route={series.route} data-model={series.model}>
      <h2>
        {series.route} · {series.model}
      </h2>
      <p>
        {passed}/{samples} sampled answers passed
        {samples > 0 ? ` (${percent(passed / samples)})` : ''};{' '}
        {series.qualificationPassRate === null
          ? 'no qualification record: each bucket is tested against the one before'
          : `qualification pass rate ${percent(series.qualificationPassRate)} (green line), drift below it by more than ${percent(series.maxDrop)} (red line)`}
        .
      </p>
      <PlotFigure
        draw={draw}
        label={`pass rate of ${series.route} on ${series.model} per ${view.bucket}; ${drifts.length === 0 ? 'no drift' : `drift in ${drifts.length} bucket(s)`}`}
      />
      <p class={drifts.length > 0 ? 'no drift-list' : 'muted drift-list'}>
        {drifts.length === 0
          ? 'No drift in this period.'
          : `Drift (one-sided p < 0.05) in: ${drifts.map((point) => `${when(point.start)} (${point.passed}/${point.samples}, p=${point.pDrift === null ? '–' : point.pDrift.toPrecision(2)})`).join('; ')}.`}
      </p>
    </section>
  );
};

export const MonitorsPage = ({ params }: { params: URLSearchParams }) => {
  const bucket = params.get('bucket') === 'day' ? 'day' : 'hour';
  const loaded = useApi<MonitorsView>('monitors', {
    bucket,
    route: params.get('route') ?? undefined,
    since: params.get('since') ?? undefined,
  });
  const onSubmit = (event: Event): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    navigate(
      href(['monitors'], {
        bucket: String(form.get('bucket')),
        route: String(form.get('route') ?? ''),
        since: String(form.get('since') ?? ''),
      }),
    );
  };
  return (
    <>
      <h1>Monitors</h1>
      <form class="filters" onSubmit={onSubmit} aria-label="choose the monitors view">
        <label>
          route
          <input name="route" value={params.get('route') ?? ''} />
        </label>
        <label>
          by
          <select name="bucket" value={bucket}>
            <option value="hour">hour</option>
            <option value="day">day</option>
          </select>
        </label>
        <label>
          since
          <input
            name="since"
            value={params.get('since') ?? ''}
            placeholder="48h (default), 30d, 2026-11-01"
          />
        </label>
        <button type="submit">Show</button>
      </form>
      <LoadState loaded={loaded} label="the monitors">
        {(view) => (
          <>
            <p class="muted">
              {when(view.since)} to {when(view.until)} UTC. Failed samples:{' '}
              <a href={href(['traces'], { monitor: 'failed' })}>traces that failed their monitor checks</a>.
            </p>
            {view.series.length === 0 ? (
              <p class="muted">No monitor samples in this period: add monitor: to a route in gateway.yaml.</p>
            ) : null}
            {view.series.map((series) => (
              <MonitorChart series={series} view={view} />
            ))}
          </>
        )}
      </LoadState>
    </>
  );
};
