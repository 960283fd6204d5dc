// Loads one API answer for a view, again whenever its path or parameters change; stale answers are dropped.
import { useEffect, useState } from 'preact/hooks';
import { getJson, type Params } from './api.js';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'error'; status: number; message: string }
  | { state: 'ready'; data: T };

export const useApi = <T>(path: string | null, params: Params = {}): Loaded<T> => {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const key = JSON.stringify([path, params]);
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setLoaded({ state: 'loading' });
    getJson<T>(path, params, controller.signal).then(
      (data) => setLoaded({ state: 'ready', data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const status =
          typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : 0;
        setLoaded({
          state: 'error',
          status,
          message: error instanceof Error ? error.message : String(error),
        });
      },
    );
    return () => controller.abort();
    // the key stands for path and params, compared by value
  }, [key]);
  return loaded;
};
