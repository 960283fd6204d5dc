// One route: its qualification record (candidates with pass rate, interval, cost per 1k, qualified), the serving
// order and the reason, what the choice saves per day at the traced volume, staleness and escalation.
import type { RouteView } from '../../../api-types.js';
import { CandidatesChart } from '../components/candidates-chart.js';
import { LoadState } from '../components/load-state.js';
import { interval, percent, usd, when } from '../format.js';
import { href } from '../router.js';
import { useApi } from '../use-api.js';
import { age, escalationText, staleText } from './routes-page.js';

const savingText = (view: RouteView): string => {
  const { saving, volume } = view;
  if (saving === null) return '–';
  if (saving.perDayUsd === null) return `unknown: ${saving.from} or ${saving.to} is unpriced`;
  const amount = usd(Math.abs(saving.perDayUsd));
  return `${saving.perDayUsd >= 0 ? 'saves' : 'costs'} ${amount}${saving.perDayUsd >= 0 ? '' : ' more'}/day at ${volume.label}, serving ${saving.to} instead of ${saving.from}`;
};

export const RoutePage = ({ name }: { name: string }) => {
  const loaded = useApi<RouteView>(`routes/${encodeURIComponent(name)}`);
  return (
    <LoadState loaded={loaded} label="the route">
      {(view) => {
        const { listing, record } = view;
        return (
          <>
            <p>
              <a href="#/routes">← routes</a>
            </p>
            <h1>
              Route <span class="mono">{listing.route}</span>
            </h1>
            <dl class="facts" id="route-facts">
              <dt>policy</dt>
              <dd>{listing.policy}</dd>
              <dt>serving first</dt>
              <dd>{listing.serving ?? listing.chosen ?? '–'}</dd>
              <dt>record</dt>
              <dd>
                {record
                  ? `${record.id}, ${when(record.createdAt)} UTC (${age(listing.recordAgeSeconds ?? 0)} ago), run ${record.runId}`
                  : 'none: `yardstick qualify --config gateway.yaml` records one'}
              </dd>
              <dt>stale</dt>
              <dd class={listing.stale ? 'no' : undefined}>{staleText(listing)}</dd>
              <dt>escalated (7 days)</dt>
              <dd>{escalationText(listing)}</dd>
              <dt>saving</dt>
              <dd id="saving">{savingText(view)}</dd>
            </dl>
            {record ? (
              <>
                <h2>Qualification</h2>
                <p id="reason">{record.reason}</p>
                <p class="muted">
                  Suite {record.suitePath}; rule{' '}
                  {record.rule.reference !== undefined
                    ? `within ${percent(record.rule.maxDrop ?? 0)} of ${record.rule.reference}`
                    : `pass rate at least ${percent(record.rule.minPassRate ?? 1)}`}
                  , repeat {String(record.rule.repeat)}; prices of table {record.priceTableVersion}.
                </p>
                <div class="table-wrap">
                  <table id="candidates">
                    <thead>
                      <tr>
                        <th scope="col">order</th>
                        <th scope="col">target</th>
                        <th scope="col" class="num">
                          pass rate
                        </th>
                        <th scope="col">95% CI</th>
                        <th scope="col" class="num">
                          cost per 1k calls
                        </th>
                        <th scope="col">qualified</th>
                      </tr>
                    </thead>
                    <tbody>
                      {record.order.map((model, index) => {
                        const candidate = record.candidates.find((item) => item.model === model);
                        return (
                          <tr class={model === record.chosen ? 'chosen' : undefined}>
                            <td>{index + 1}</td>
                            <th scope="row">
                              {model}
                              {model === record.chosen ? ' (chosen)' : ''}
                            </th>
                            <td class="num">
                              {candidate?.passRate == null ? '–' : percent(candidate.passRate)}
                            </td>
                            <td>{candidate?.passRateCi95 ? interval(candidate.passRateCi95) : '–'}</td>
                            <td class="num">{usd(candidate?.costPer1kCallsUsd ?? null)}</td>
                            <td class={candidate?.qualified ? 'ok' : 'no'}>
                              {candidate?.qualified ? 'yes' : 'no'}
                              {candidate?.note ? ` (${candidate.note})` : ''}
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
                <h2>Pass rate against cost</h2>
                <CandidatesChart
                  record={record}
                  bar={record.rule.reference === undefined ? record.rule.minPassRate : undefined}
                />
                <p class="muted">
                  The chosen target is named in bold; a cross marks a target that did not qualify
                  {record.rule.reference === undefined ? '; the dashed line is the pass-rate bar' : ''}.{' '}
                  <a href={href(['runs', record.runId])}>The qualification run</a>.
                </p>
              </>
            ) : null}
          </>
        );
      }}
    </LoadState>
  );
};
