// A route's candidates as its qualification saw them: pass rate with its 95% interval against cost per 1,000
// calls (log scale), the chosen target marked and named in bold, as the frontier chart draws a run's models.
import * as Plot from '@observablehq/plot';
import { useCallback } from 'preact/hooks';
import type { RouteRecordView } from '../../../api-types.js';
import { percent, usd } from '../format.js';
import { PlotFigure, plotClass } from './plot-figure.js';

interface Point {
  model: string;
  x: number;
  rate: number;
  low: number;
  high: number;
  chosen: boolean;
  qualified: boolean;
}

export const placedCandidates = (record: RouteRecordView): Point[] =>
  record.candidates.flatMap((candidate) =>
    candidate.passRate !== null && candidate.costPer1kCallsUsd !== null && candidate.costPer1kCallsUsd > 0
      ? [
          {
            model: candidate.model,
            x: candidate.costPer1kCallsUsd,
            rate: candidate.passRate,
            low: candidate.passRateCi95?.[0] ?? candidate.passRate,
            high: candidate.passRateCi95?.[1] ?? candidate.passRate,
            chosen: candidate.model === record.chosen,
            qualified: candidate.qualified,
          },
        ]
      : [],
  );

export const CandidatesChart = ({ record, bar }: { record: RouteRecordView; bar: number | undefined }) => {
  const points = placedCandidates(record);
  const draw = useCallback(() => {
    const xs = points.map((point) => point.x);
    const colour = (point: Point) => (point.chosen ? 'var(--pareto)' : 'var(--dominated)');
    const marks: Plot.Markish[] = [
      Plot.ruleX(points, { x: 'x', y1: 'low', y2: 'high', stroke: colour, strokeWidth: 2 }),
      Plot.dot(points, {
        x: 'x',
        y: 'rate',
        r: (point: Point) => (point.chosen ? 7 : 5),
        fill: colour,
        symbol: (point: Point) => (point.qualified ? 'circle' : 'times'),
        title: (point: Point) =>
          `${point.model}\npass rate ${percent(point.rate)} (95% CI ${percent(point.low)}–${percent(point.high)})\n${usd(point.x)} per 1,000 calls`,
      }),
      Plot.text(
        points.filter((point) => point.chosen),
        {
          x: 'x',
          y: 'rate',
          text: (point: Point) => `${point.model} (chosen)`,
          dx: 10,
          textAnchor: 'start',
          fontWeight: 'bold',
          fill: 'var(--pareto-label)',
        },
      ),
      Plot.text(
        points.filter((point) => !point.chosen),
        { x: 'x', y: 'rate', text: 'model', dx: 10, textAnchor: 'start', fill: 'var(--muted)' },
      ),
    ];
    if (bar !== undefined) marks.unshift(Plot.ruleY([bar], { stroke: 'var(--bad)', strokeDasharray: '2,4' }));
    return Plot.plot({
      className: plotClass,
      width: 640,
      height: 320,
      marginLeft: 56,
      marginRight: 170,
      marginBottom: 44,
      x: {
        type: 'log',
        domain: [Math.min(...xs) / 2, Math.max(...xs) * 2],
        label: 'cost per 1,000 calls (USD, log scale) →',
        grid: true,
        tickFormat: (value: number) => usd(value),
      },
      y: {
        domain: [0, 1],
        label: 'pass rate (95% CI)',
        grid: true,
        tickFormat: (value: number) => percent(value),
      },
      marks,
    });
  }, [points, bar]);
  if (points.length === 0)
    return <p class="muted">No candidate has both a pass rate and a price to place.</p>;
  return (
    <PlotFigure
      draw={draw}
      label={`Candidates' pass rate against cost per 1,000 calls; chosen: ${record.chosen ?? 'none'}`}
    />
  );
};
