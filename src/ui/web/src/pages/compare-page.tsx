// Compare: choose a baseline and a candidate (run@model), the margin and the rule; the paired result, its
// interval and the gate's decision, as `yardstick compare` gives them, then the cases, regressed first, both
// answers side by side.
import type { ComparisonPage, RunsPage } from '../../../api-types.js';
import { IntervalChart } from '../components/interval-chart.js';
import { LoadState } from '../components/load-state.js';
import { percent, points } from '../format.js';
import { href, navigate } from '../router.js';
import { useApi } from '../use-api.js';

const methodNames = {
  'tango-score': 'Tango score interval',
  'adjusted-paired-t': 'adjusted paired t on per-case pass fractions',
} as const;

const SidePicker = ({ name, value, runs }: { name: string; value: string; runs: RunsPage['runs'] }) => {
  const options = runs.flatMap((run) =>
    [...new Set(run.models.map((model) => model.model))].map((model) => ({
      value: `${run.id}@${model}`,
      label: `${run.suite} · ${run.startedAt.slice(0, 16).replace('T', ' ')} · ${model}`,
    })),
  );
  if (value !== '' && !options.some((option) => option.value === value))
    options.unshift({ value, label: value });
  return (
    <label>
      {name}
      <select name={name} value={value} required>
        <option value="">choose run@model</option>
        {options.map((option) => (
          <option value={option.value}>{option.label}</option>
        ))}
      </select>
    </label>
  );
};

const Result = ({ comparison, params }: { comparison: ComparisonPage; params: URLSearchParams }) => {
  const offset = comparison.offset;
  const shown = comparison.cases.length;
  return (
    <>
      <p id="decision" class={comparison.decision === 'pass' ? 'callout good' : 'callout bad'}>
        <strong>{comparison.decision === 'pass' ? 'Pass: ' : 'Fail: '}</strong>
        {comparison.reason.replace(/^(pass|fail): /, '')}
      </p>
      <IntervalChart comparison={comparison} />
      <p>
        {comparison.pairs} paired cases: <strong class="no">{comparison.regressed} regressed</strong>,{' '}
        <span class="ok">{comparison.fixed} fixed</span>,{' '}
        {comparison.repeats ? `${comparison.unchanged} unchanged, ` : ''}
        {comparison.stillFailing} still failing, {comparison.stillPassing} still passing. Pass rate{' '}
        {percent(comparison.baselinePassRate)} → {percent(comparison.candidatePassRate)}, difference{' '}
        {points(comparison.diff)} points (95% CI {points(comparison.diffCi95[0])} to{' '}
        {points(comparison.diffCi95[1])}, {methodNames[comparison.method]}), one-sided p ={' '}
        {comparison.pWorse.toPrecision(3)} for a drop
        {comparison.mcnemarP === null ? '' : `, exact McNemar p = ${comparison.mcnemarP.toPrecision(3)}`}.
        {comparison.unpaired.baselineOnly + comparison.unpaired.candidateOnly > 0
          ? ` Not paired: ${comparison.unpaired.baselineOnly} case(s) only in the baseline, ${comparison.unpaired.candidateOnly} only in the candidate.`
          : ''}
      </p>
      {comparison.warnings.map((warning) => (
        <p class="callout bad">Warning: {warning}</p>
      ))}
      <h2>Cases, regressed first</h2>
      <div class="table-wrap">
        <table id="compared" class="cases">
          <thead>
            <tr>
              <th scope="col">case</th>
              <th scope="col">status</th>
              <th scope="col">baseline ({comparison.baseline.model})</th>
              <th scope="col">candidate ({comparison.candidate.model})</th>
            </tr>
          </thead>
          <tbody>
            {comparison.cases.map((item) => (
              <tr class={item.status}>
                <th scope="row">{item.caseId}</th>
                <td class={`status-${item.status}`}>{item.status}</td>
                {[
                  [item.baseline, item.baselinePass] as const,
                  [item.candidate, item.candidatePass] as const,
                ].map(([outcome, score]) => (
                  <td>
                    <div class={score >= 0.5 ? 'ok' : 'no'}>
                      {comparison.repeats ? `${percent(score)} of repeats` : score >= 0.5 ? 'pass' : 'fail'}
                    </div>
                    <pre class="output">{outcome.output}</pre>
                    {outcome.reasons.length > 0 ? (
                      <div class="muted">{outcome.reasons.join('; ')}</div>
                    ) : null}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="pager" aria-label="case pages">
        <span class="muted">
          cases {comparison.casesTotal === 0 ? 0 : offset + 1}–{offset + shown} of {comparison.casesTotal}
        </span>
        {offset > 0 ? (
          <a href={href(['compare'], { ...Object.fromEntries(params), offset: Math.max(0, offset - 100) })}>
            ← previous
          </a>
        ) : null}
        {offset + shown < comparison.casesTotal ? (
          <a href={href(['compare'], { ...Object.fromEntries(params), offset: offset + shown })}>next →</a>
        ) : null}
      </nav>
    </>
  );
};

export const ComparePage = ({ params }: { params: URLSearchParams }) => {
  const runs = useApi<RunsPage>('runs', { limit: 100 });
  const baseline = params.get('baseline') ?? '';
  const candidate = params.get('candidate') ?? '';
  const maxDrop = params.get('maxDrop') ?? '0';
  const rule = params.get('rule') ?? 'default';
  const ready = baseline !== '' && candidate !== '';
  const comparison = useApi<ComparisonPage>(ready ? 'compare' : null, {
    baseline,
    candidate,
    maxDrop,
    rule,
    offset: params.get('offset') ?? undefined,
  });
  const onSubmit = (event: Event): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const drop = Number(form.get('maxDrop') ?? 0);
    navigate(
      href(['compare'], {
        baseline: String(form.get('baseline') ?? ''),
        candidate: String(form.get('candidate') ?? ''),
        maxDrop: Number.isFinite(drop) ? drop / 100 : 0,
        rule: String(form.get('rule') ?? 'default'),
      }),
    );
  };
  const list = runs.state === 'ready' ? runs.data.runs : [];
  return (
    <>
      <h1>Compare</h1>
      <form class="filters" onSubmit={onSubmit} aria-label="choose the two sides">
        <SidePicker name="baseline" value={baseline} runs={list} />
        <SidePicker name="candidate" value={candidate} runs={list} />
        <label>
          allowed drop (points)
          <input name="maxDrop" type="number" min="0" max="100" step="0.5" value={Number(maxDrop) * 100} />
        </label>
        <label>
          rule
          <select name="rule" value={rule}>
            <option value="default">fail when credibly worse beyond the drop</option>
            <option value="non-inferiority">pass only when shown within the drop</option>
          </select>
        </label>
        <button type="submit">Compare</button>
      </form>
      {ready ? (
        <LoadState loaded={comparison} label="the comparison">
          {(data) => <Result comparison={data} params={params} />}
        </LoadState>
      ) : (
        <p class="muted">Choose a baseline and a candidate: a model of a run on each side.</p>
      )}
    </>
  );
};
