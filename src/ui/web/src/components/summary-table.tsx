// The summary table, as the terminal and the HTML report show it: per model, the pass rate with its interval,
// the verdict against the bar when one is set, cost per 1,000 calls and latency; the recommended row marked.
import type { RunSummary } from '../../../../scorecard/run-summary.js';
import type { Column } from '../../../api-types.js';
import { interval, ms, percent, usd } from '../format.js';

export const SummaryTable = ({ summary, columns }: { summary: RunSummary; columns: Column[] }) => {
  const threshold = summary.threshold;
  return (
    <div class="table-wrap">
      <table id="summary">
        <thead>
          <tr>
            <th scope="col">model</th>
            <th scope="col" class="num">
              pass rate
            </th>
            <th scope="col" class="num">
              95% CI
            </th>
            {threshold === undefined ? null : <th scope="col">≥ {percent(threshold)}</th>}
            <th scope="col" class="num">
              passed
            </th>
            <th scope="col" class="num">
              errors
            </th>
            <th scope="col" class="num">
              cost / 1k calls
            </th>
            <th scope="col" class="num">
              total cost
            </th>
            <th scope="col" class="num">
              p50
            </th>
            <th scope="col" class="num">
              p95
            </th>
          </tr>
        </thead>
        <tbody>
          {summary.summary.map((row, index) => (
            <tr class={summary.recommendation?.model === row.model ? 'pick' : undefined}>
              <th scope="row">{columns[index]?.label ?? row.model}</th>
              <td class="num">{percent(row.passRate)}</td>
              <td class="num">{interval(row.passRateCi95)}</td>
              {threshold === undefined ? null : <td>{row.meetsThreshold === false ? 'no' : 'yes'}</td>}
              <td class="num">
                {row.passed}/{row.results}
              </td>
              <td class="num">{row.errors}</td>
              <td class="num">{usd(row.costPer1kCallsUsd)}</td>
              <td class="num">{usd(row.costUsd)}</td>
              <td class="num">{ms(row.latencyMs.p50)}</td>
              <td class="num">{ms(row.latencyMs.p95)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
