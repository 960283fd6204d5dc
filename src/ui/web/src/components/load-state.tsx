// What a view shows while its data loads, when the API refused (with the API's own words), and then the view;
// `data-state` says which, so tests and the benchmark can wait for a page to be drawn.
import type { ComponentChildren } from 'preact';
import type { Loaded } from '../use-api.js';

export const LoadState = <T,>(props: {
  loaded: Loaded<T>;
  children: (data: T) => ComponentChildren;
  label: string;
}) => {
  const { loaded } = props;
  if (loaded.state === 'loading') {
    return (
      <div class="load" data-state="loading" aria-busy="true">
        <p class="muted">Loading {props.label}…</p>
      </div>
    );
  }
  if (loaded.state === 'error') {
    return (
      <div class="load" data-state="error" role="alert">
        <p class="callout bad">
          {loaded.status === 401
            ? 'This UI needs its token: open the address `yardstick ui` printed, once, as /?token=<your token>.'
            : `Could not load ${props.label}: ${loaded.message}`}
        </p>
      </div>
    );
  }
  return (
    <div class="load" data-state="ready">
      {props.children(loaded.data)}
    </div>
  );
};
