// The paired difference with its 95% interval on a line of points, zero and the allowed drop marked: the picture
// of the gate's decision.
import * as Plot from '@observablehq/plot';
import { useCallback } from 'preact/hooks';
import type { ComparisonPage } from '../../../api-types.js';
import { PlotFigure, plotClass } from './plot-figure.js';

export const IntervalChart = ({ comparison }: { comparison: ComparisonPage }) => {
  const [low, high] = comparison.diffCi95;
  const drop = -comparison.gate.maxDrop;
  const draw = useCallback(() => {
    const edge = Math.max(Math.abs(low), Math.abs(high), Math.abs(drop), 0.05) * 1.2;
    const colour = comparison.decision === 'pass' ? 'var(--good)' : 'var(--bad)';
    return Plot.plot({
      className: plotClass,
      width: 640,
      height: 110,
      marginLeft: 20,
      marginRight: 20,
      x: {
        domain: [-edge, edge],
        label: 'candidate − baseline pass rate (points) →',
        tickFormat: (v: number) => `${Math.round(v * 100)}`,
      },
      y: { axis: null, domain: [0, 1] },
      marks: [
        Plot.ruleX([0], { stroke: 'currentColor' }),
        Plot.ruleX([drop], { stroke: 'var(--bad)', strokeDasharray: '3,3' }),
        Plot.text([drop], {
          x: (d: number) => d,
          y: 0.95,
          text: () => 'allowed drop',
          fill: 'var(--muted)',
          textAnchor: 'end',
          dx: -4,
        }),
        Plot.link([comparison], {
          x1: () => low,
          x2: () => high,
          y1: 0.5,
          y2: 0.5,
          stroke: colour,
          strokeWidth: 4,
        }),
        Plot.dot([comparison], { x: (d: ComparisonPage) => d.diff, y: 0.5, r: 6, fill: colour }),
      ],
    });
  }, [comparison, low, high, drop]);
  return (
    <PlotFigure
      draw={draw}
      label={`difference ${(comparison.diff * 100).toFixed(1)} points, 95% interval ${(low * 100).toFixed(1)} to ${(high * 100).toFixed(1)}; allowed drop ${(comparison.gate.maxDrop * 100).toFixed(1)} points`}
    />
  );
};
