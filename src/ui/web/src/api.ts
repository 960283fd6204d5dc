// The web app's one way to the JSON API (docs/ui.md): same-origin GETs whose cookie carries the token, errors as
// the API words them.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Params = Record<string, string | number | boolean | null | undefined>;

export const apiUrl = (path: string, params: Params = {}): string => {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '' && value !== false)
      query.set(name, String(value));
  }
  const text = query.toString();
  return `/api/${path}${text ? `?${text}` : ''}`;
};

export const getJson = async <T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> => {
  const response = await fetch(apiUrl(path, params), { headers: { accept: 'application/json' }, signal });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message =
      typeof body === 'object' && body !== null && 'error' in body
        ? String((body as { error: { message?: unknown } }).error.message)
        : `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message);
  }
  return body as T;
};

/** A same-origin JSON POST (the one write: capturing a trace); errors as the API words them. */
export const postJson = async <T>(path: string, body: unknown): Promise<T> => {
  const response = await fetch(apiUrl(path), {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message =
      typeof answer === 'object' && answer !== null && 'error' in answer
        ? String((answer as { error: { message?: unknown } }).error.message)
        : `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message);
  }
  return answer as T;
};
