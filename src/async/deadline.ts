// One abort signal per attempt: the caller's signal plus a timeout, released as soon as the attempt is over.
// AbortSignal.timeout/any would do the same, but their timer and the WeakRefs between the signals keep every
// attempt's signal graph alive until the timer fires (60 s), so each call's objects reach the old generation.
import { getEventListeners } from 'node:events';

export interface Deadline {
  /** Aborts when the caller's signal aborts or the time is up, whichever comes first. */
  readonly signal: AbortSignal;
  /** Whether the time ran out (rather than the caller aborting). */
  readonly timedOut: boolean;
  /** Starts the full time again, e.g. when a stream's next part arrived. */
  restart(): void;
  /**
   * Aborts now, not as a timeout (e.g. the client went away). A bound function, so it can be handed on as a
   * callback without a closure per attempt.
   */
  readonly abort: () => void;
  /** Stops the timer and unhooks from the caller's signal; call it once the attempt settled, then drop the signal. */
  release(): void;
}

/** The reason AbortSignal.timeout gives, so callers that check `reason.name === 'TimeoutError'` keep working. */
const timeoutReason = (): DOMException =>
  new DOMException('The operation was aborted due to timeout', 'TimeoutError');

// On Node 20 a new AbortSignal, and a new timer, outlive the young generation (about 1 KB promoted per attempt,
// measured), so a deadline that never fired and that nothing listens to any more is kept for the next attempt:
// its timer is restarted with refresh() rather than created again.
const maxSpare = 64;
const spare = new Map<number | undefined, PooledDeadline[]>();

// Every signal holds this listener for good. An EventTarget drops its map entry for 'abort' when its last
// listener goes and makes a new one for the next, so a kept signal that each attempt's transport listens to
// and leaves would allocate (and, being old, promote) a fresh entry and hash table per attempt.
const keepListening = (): void => {};

class PooledDeadline implements Deadline {
  readonly #controller = new AbortController();
  readonly #timeoutMs: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #parent: AbortSignal | undefined;
  #timedOut = false;
  #active = false;

  constructor(timeoutMs: number | undefined) {
    this.#timeoutMs = timeoutMs;
    this.#controller.signal.addEventListener('abort', keepListening);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get timedOut(): boolean {
    return this.#timedOut;
  }

  readonly #onParentAbort = (): void => {
    if (this.#active) this.#controller.abort(this.#parent?.reason);
  };

  // A kept deadline's timer may still fire after its attempt: `#active` makes that a no-op.
  readonly #onTimeout = (): void => {
    if (!this.#active) return;
    this.#timedOut = true;
    this.#controller.abort(timeoutReason());
  };

  readonly abort = (): void => {
    if (this.#active && !this.#controller.signal.aborted) {
      this.#controller.abort(new DOMException('This operation was aborted', 'AbortError'));
    }
  };

  restart(): void {
    if (this.#active && !this.#controller.signal.aborted) this.#timer?.refresh();
  }

  start(parent: AbortSignal | undefined): this {
    this.#active = true;
    this.#timedOut = false;
    this.#parent = parent;
    if (parent?.aborted === true) {
      this.#controller.abort(parent.reason);
      return this;
    }
    parent?.addEventListener('abort', this.#onParentAbort, { once: true });
    if (this.#timeoutMs === undefined) return this;
    if (this.#timer === undefined) {
      this.#timer = setTimeout(this.#onTimeout, this.#timeoutMs);
      // like AbortSignal.timeout: a pending deadline alone does not keep the process alive
      this.#timer.unref();
    } else this.#timer.refresh();
    return this;
  }

  release(): void {
    if (!this.#active) return;
    this.#active = false;
    this.#parent?.removeEventListener('abort', this.#onParentAbort);
    this.#parent = undefined;
    const signal = this.#controller.signal;
    const pool = spare.get(this.#timeoutMs) ?? [];
    // kept only when nothing but its own listener is left on it: a listener of the attempt must not hear the next
    if (!signal.aborted && getEventListeners(signal, 'abort').length === 1 && pool.length < maxSpare) {
      pool.push(this);
      spare.set(this.#timeoutMs, pool);
    } else clearTimeout(this.#timer);
  }
}

/**
 * @example
 * const deadline = startDeadline(60_000, runSignal);
 * try { return await fetchIt(deadline.signal); } finally { deadline.release(); }
 */
export const startDeadline = (timeoutMs: number | undefined, parent?: AbortSignal): Deadline =>
  (spare.get(timeoutMs)?.pop() ?? new PooledDeadline(timeoutMs)).start(parent);
