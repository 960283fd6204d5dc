// One run: the header and recommendation, the summary table, the frontier, the case matrix with its drawer, the
// flaky cases, and links to compare any two of its models.
import { useState } from 'preact/hooks';
import type { RunView } from '../../../api-types.js';
import { CaseMatrix } from '../components/case-matrix.js';
import { FrontierChart } from '../components/frontier-chart.js';
import { LoadState } from '../components/load-state.js';
import { SummaryTable } from '../components/summary-table.js';
import { percent, when } from '../format.js';
import { href, navigate } from '../router.js';
import { useApi } from '../use-api.js';

const CompareLinks = ({ runId, models }: { runId: string; models: string[] }) => {
  const [baseline, setBaseline] = useState(models[0] ?? '');
  const [candidate, setCandidate] = useState(models[1] ?? models[0] ?? '');
  if (models.length < 2)
    return <p class="muted">One model in this run: compare it with another run on the Compare page.</p>;
  const onSubmit = (event: Event): void => {
    event.preventDefault();
    navigate(href(['compare'], { baseline: `${runId}@${baseline}`, candidate: `${runId}@${candidate}` }));
  };
  return (
    <form class="filters" onSubmit={onSubmit} aria-label="compare two models of this run">
      <label>
        baseline
        <select
          value={baseline}
          onChange={(event) => setBaseline((event.currentTarget as HTMLSelectElement).value)}
        >
          {models.map((model) => (
            <option value={model}>{model}</option>
          ))}
        </select>
      </label>
      <label>
        candidate
        <select
          value={candidate}
          onChange={(event) => setCandidate((event.currentTarget as HTMLSelectElement).value)}
        >
          {models.map((model) => (
            <option value={model}>{model}</option>
          ))}
        </select>
      </label>
      <button type="submit">Compare</button>
    </form>
  );
};

const Header = ({ view, runId, threshold }: { view: RunView; runId: string; threshold: string }) => {
  const { summary } = view;
  const run = summary.run;
  const onBar = (event: Event): void => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget as HTMLFormElement).get('threshold') ?? '');
    navigate(href(['runs', runId], { threshold: value === '' ? undefined : Number(value) / 100 }));
  };
  return (
    <>
      <h1>{run.suite}</h1>
      <p class="muted" id="run-line">
        run {run.id} ({run.status}), started {when(run.startedAt)} UTC; {view.results} of {view.totalPlanned}{' '}
        results; {summary.totals.passed} passed, {summary.totals.failed} failed, {summary.totals.errors}{' '}
        errors; overall pass rate {percent(summary.totals.passRate)}
      </p>
      <form class="filters" onSubmit={onBar} aria-label="hold the models to a bar">
        <label>
          bar (pass rate %)
          <input
            name="threshold"
            type="number"
            min="0"
            max="100"
            step="1"
            value={threshold === '' ? '' : Math.round(Number(threshold) * 100)}
          />
        </label>
        <button type="submit">Recommend</button>
      </form>
      {summary.recommendation ? (
        <p
          id="recommendation"
          class={
            summary.recommendation.credible
              ? 'callout good'
              : summary.recommendation.model
                ? 'callout'
                : 'callout bad'
          }
        >
          <strong>Recommendation: </strong>
          {summary.recommendation.reason}
        </p>
      ) : null}
      {summary.skipped.map((item) => (
        <p class="callout bad">
          Skipped {item.model}: {item.reason}
        </p>
      ))}
      {summary.skippedAssertions.map((item) => (
        <p class="callout bad">
          {item.count} {item.type} check(s) not run and left out of the scores: {item.reason}
        </p>
      ))}
    </>
  );
};

export const RunPage = ({ runId, params }: { runId: string; params: URLSearchParams }) => {
  const threshold = params.get('threshold') ?? '';
  const loaded = useApi<RunView>(`runs/${encodeURIComponent(runId)}`, { threshold: threshold || undefined });
  return (
    <LoadState loaded={loaded} label="the run">
      {(view) => (
        <>
          <Header view={view} runId={runId} threshold={threshold} />
          <section aria-labelledby="frontier-title">
            <h2 id="frontier-title">Pass rate against cost and latency</h2>
            <p class="muted">
              Each model's pass rate with its 95% interval. Models on the dashed frontier are Pareto-optimal:
              no other model is both cheaper (or faster) and better.
            </p>
            <FrontierChart frontier={view.frontier} threshold={view.summary.threshold} />
          </section>
          <section aria-labelledby="summary-title">
            <h2 id="summary-title">Summary</h2>
            <SummaryTable summary={view.summary} columns={view.columns} />
          </section>
          <section aria-labelledby="compare-title">
            <h2 id="compare-title">Compare two models</h2>
            <CompareLinks runId={runId} models={[...new Set(view.columns.map((column) => column.model))]} />
          </section>
          <section aria-labelledby="cases-title">
            <h2 id="cases-title">Cases</h2>
            <CaseMatrix runId={runId} />
          </section>
          <section aria-labelledby="flaky-title">
            <h2 id="flaky-title">Flaky cases</h2>
            {view.summary.flaky.length === 0 ? (
              <p class="muted">No case changed outcome between repeats.</p>
            ) : (
              <ul id="flaky">
                {view.summary.flaky.map((item) => (
                  <li>
                    {item.model} {item.caseId}: {item.passed}/{item.repeats} passed
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </LoadState>
  );
};
