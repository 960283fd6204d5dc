// Routes: each route's policy, the target it serves first, its qualification record's age, whether the record is
// stale and why, and how often its cascade escalated: the rows `yardstick routes` prints.
import type { RouteListing, RoutesView } from '../../../api-types.js';
import { LoadState } from '../components/load-state.js';
import { percent } from '../format.js';
import { href } from '../router.js';
import { useApi } from '../use-api.js';

/** `3h`, `2d`: as `yardstick routes` says a record's age. */
export const age = (seconds: number): string => {
  if (seconds < 120) return `${Math.round(seconds)}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
};

export const staleText = (listing: RouteListing): string =>
  listing.stale === null ? '–' : listing.stale ? `yes: ${listing.staleReasons.join('; ')}` : 'no';

export const escalationText = (listing: RouteListing): string =>
  listing.cascade === null
    ? '–'
    : listing.escalationRate === null
      ? '0 checked'
      : `${percent(listing.escalationRate)} of ${listing.cascade.checked}`;

export const RoutesPage = () => {
  const loaded = useApi<RoutesView>('routes');
  return (
    <>
      <h1>Routes</h1>
      <LoadState loaded={loaded} label="the routes">
        {(view) => (
          <>
            <p class="muted">
              {view.source === 'config'
                ? 'Every route of the gateway config. Re-qualify stale routes with `yardstick qualify --config gateway.yaml --if-stale`.'
                : 'Routes found in qualification records. Start `yardstick ui --config gateway.yaml` to see every route and which records are stale.'}
            </p>
            {view.routes.length === 0 ? (
              <p class="muted">No route yet: `yardstick qualify --config gateway.yaml` records one.</p>
            ) : (
              <div class="table-wrap">
                <table id="routes">
                  <thead>
                    <tr>
                      <th scope="col">route</th>
                      <th scope="col">policy</th>
                      <th scope="col">serving</th>
                      <th scope="col">record</th>
                      <th scope="col">stale</th>
                      <th scope="col" class="num">
                        escalated (7 days)
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.routes.map((listing) => (
                      <tr>
                        <th scope="row">
                          <a href={href(['routes', listing.route])}>{listing.route}</a>
                        </th>
                        <td>{listing.policy}</td>
                        <td>
                          {listing.serving ?? listing.chosen ?? '–'}
                          {listing.qualified === false ? ' (unqualified: listed order)' : ''}
                        </td>
                        <td>
                          {listing.recordAgeSeconds === null ? '–' : `${age(listing.recordAgeSeconds)} ago`}
                        </td>
                        <td class={listing.stale ? 'no' : undefined}>{staleText(listing)}</td>
                        <td class="num">{escalationText(listing)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </LoadState>
    </>
  );
};
