// Removes secrets (API keys, header values) from text that came from outside before it is kept or shown.
// Pure, so every layer can use the one function: errors, traces, logs, reports and the store all get redacted text.

export const redactionMark = '[redacted]';

/** A run of at least this many characters of a secret is a leak: a key cut at an excerpt's edge, or echoed in part. */
export const secretFragmentLength = 8;

/** Secrets shorter than a fragment are still redacted whole from this length; shorter values are not secret-like. */
const minimumWholeSecretLength = 6;

/** Text cut to `length` characters, with an ellipsis when something was cut. */
export const excerpt = (text: string, length: number): string =>
  text.length > length ? `${text.slice(0, length)}…` : text;

/** Spans [start, end) of `text` covered by a window of `secretFragmentLength` characters found in `secret`. */
const fragmentSpans = (text: string, secret: string, spans: Array<[number, number]>): void => {
  const size = secretFragmentLength;
  // the secret's windows, made only once a block of it is found: most texts (every answer the gateway relays)
  // hold none, and a long key has a hundred windows
  let windows: Set<string> | undefined;
  // Every window of 8 characters of the secret holds one of its aligned 4-character blocks whole, so only the
  // places where a block occurs need checking: the native indexOf does the scanning.
  const block = size / 2;
  for (let start = 0; start + block <= secret.length; start += block) {
    const piece = secret.slice(start, start + block);
    for (let found = text.indexOf(piece); found >= 0; found = text.indexOf(piece, found + 1)) {
      if (windows === undefined) {
        windows = new Set<string>();
        for (let at = 0; at + size <= secret.length; at++) windows.add(secret.slice(at, at + size));
      }
      for (let at = Math.max(0, found - block); at <= found && at + size <= text.length; at++) {
        if (windows.has(text.slice(at, at + size))) spans.push([at, at + size]);
      }
    }
  }
};

const wholeSpans = (text: string, secret: string, spans: Array<[number, number]>): void => {
  for (let found = text.indexOf(secret); found >= 0; found = text.indexOf(secret, found + 1)) {
    spans.push([found, found + secret.length]);
  }
};

/**
 * Replaces every secret, and every run of 8 or more of a secret's characters (a key cut by an excerpt, a
 * `sk-abc123…` echo), with `[redacted]`. Redact the whole text first and cut it afterwards: see `redactedExcerpt`.
 * @example redactSecrets('bad key sk-abcdefgh1234', ['sk-abcdefgh1234']) // 'bad key [redacted]'
 */
export const redactSecrets = (text: string, secrets: readonly string[]): string => {
  const spans: Array<[number, number]> = [];
  for (const secret of secrets) {
    if (secret.length >= secretFragmentLength) fragmentSpans(text, secret, spans);
    else if (secret.length >= minimumWholeSecretLength) wholeSpans(text, secret, spans);
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let result = '';
  let copied = 0;
  let [start, end] = spans[0] as [number, number];
  for (const [spanStart, spanEnd] of spans) {
    if (spanStart <= end) {
      end = Math.max(end, spanEnd);
      continue;
    }
    result += text.slice(copied, start) + redactionMark;
    copied = end;
    [start, end] = [spanStart, spanEnd];
  }
  return result + text.slice(copied, start) + redactionMark + text.slice(end);
};

/**
 * Redacts, then cuts to `length`. Only the head of a long text is redacted (the rest is cut anyway): a secret
 * cut by that first cut leaves at most a fragment shorter than 8 characters, or a longer one that is redacted.
 */
export const redactedExcerpt = (text: string, secrets: readonly string[], length: number): string => {
  const head = text.length > length * 2 + 4096 ? text.slice(0, length * 2 + 4096) : text;
  return excerpt(redactSecrets(head, secrets), length);
};
