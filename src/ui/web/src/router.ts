// Hash routes (`#/runs/<id>?threshold=0.9`): the server serves one page, the address says which view and its
// filters, so a view can be bookmarked and the back button works.
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  /** Decoded path segments, e.g. ['runs', '20261129-1704-ab12']. */
  segments: string[];
  params: URLSearchParams;
}

export const parseRoute = (hash: string): Route => {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const segments = path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
  return { segments, params: new URLSearchParams(query) };
};

/** A link target for the given segments and parameters; empty parameters are left out. */
export const href = (
  segments: string[],
  params: Record<string, string | number | undefined | null> = {},
): string => {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  }
  const text = query.toString();
  return `#/${segments.map(encodeURIComponent).join('/')}${text ? `?${text}` : ''}`;
};

export const navigate = (target: string): void => {
  window.location.hash = target.replace(/^#/, '');
};

export const useRoute = (): Route => {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
};
