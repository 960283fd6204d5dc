// The gateway's view of a client connection while its request is served: whether it went away, and what to abort
// when it does. A plain object: cheaper than an AbortController per request.
export interface ClientLink {
  aborted: boolean;
  onGone: (() => void) | undefined;
}
