// Runs the user's code (function models, javascript and regex checks) on a few long-lived worker threads, each
// loading a piece of code once, under a deadline enforced from here: a call past its deadline is given up, and
// a thread it left blocked is terminated, so nothing the user's code does can stall or end the run.
import { availableParallelism } from 'node:os';
import { type UserCode, UserCodeFailure } from './user-code-protocol.js';
import { UserCodeThread } from './user-code-thread.js';

export interface RunOptions {
  /** Aborting gives the call up (kind `aborted`): the caller's deadline or the run stopping. */
  signal?: AbortSignal;
  /** Gives the call up after this long (kind `timeout`). */
  timeoutMs?: number;
  /** Fails a result holding more characters of text than this (kind `too-large`). */
  maxResultChars?: number;
}

/** Tries of a call whose thread was stopped under it: a thread that keeps ending (out of memory) is not retried for ever. */
const maxAttempts = 3;

/** How long a thread with a call past its deadline has to answer a ping before it counts as blocked. */
const pingGraceMs = 250;

/** One thread per core is enough for code that computes; code that waits shares a thread with other calls. */
export const defaultMaxThreads = (): number => Math.max(1, Math.min(16, availableParallelism()));

export class UserCodePool {
  readonly #maxThreads: number;
  readonly #threads = new Set<UserCodeThread>();
  #nextId = 1;
  #closed = false;

  constructor({ maxThreads = defaultMaxThreads() }: { maxThreads?: number } = {}) {
    this.#maxThreads = Math.max(1, maxThreads);
  }

  /** Loads the code on one thread, so a module that does not import fails before any call. */
  prepare(code: UserCode, options: RunOptions = {}): Promise<void> {
    return this.#call(code, undefined, options).then(() => undefined);
  }

  /** Calls the code with `args`; rejects with a UserCodeFailure saying why it did not answer. */
  async run(code: UserCode, args: unknown[], options: RunOptions = {}): Promise<unknown> {
    // a deadline counts from the first try: a call retried after its thread was stopped does not start over
    const deadline = options.timeoutMs === undefined ? undefined : performance.now() + options.timeoutMs;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#call(code, args, options, deadline);
      } catch (error) {
        // a call on a thread that another call blocked, or that ended, is tried again on a fresh thread
        if (!(error instanceof UserCodeFailure) || error.kind !== 'interrupted' || attempt >= maxAttempts)
          throw error;
      }
    }
  }

  /** Ends every thread; calls in flight fail with kind `aborted`. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const thread of this.#threads) thread.stop('aborted', 'the run ended');
    this.#threads.clear();
  }

  #pick(): UserCodeThread {
    let best: UserCodeThread | undefined;
    let usable = 0;
    for (const thread of this.#threads) {
      if (thread.draining || thread.ended) continue;
      usable += 1;
      if (best === undefined || thread.inFlight < best.inFlight) best = thread;
    }
    if (best !== undefined && (best.inFlight === 0 || usable >= this.#maxThreads)) return best;
    const thread = new UserCodeThread((ended) => this.#threads.delete(ended));
    this.#threads.add(thread);
    return thread;
  }

  #call(
    code: UserCode,
    args: unknown[] | undefined,
    options: RunOptions,
    deadline = options.timeoutMs === undefined ? undefined : performance.now() + options.timeoutMs,
  ): Promise<unknown> {
    if (this.#closed) return Promise.reject(new UserCodeFailure('aborted', 'the run ended'));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new UserCodeFailure('aborted', 'the call was aborted'));
    const thread = this.#pick();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const cleanUp = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const giveUp = (failure: UserCodeFailure): void => {
        if (!thread.forget(id)) return;
        cleanUp();
        reject(failure);
        this.#retire(thread);
      };
      const onAbort = (): void => giveUp(new UserCodeFailure('aborted', 'the call was aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      if (deadline !== undefined) {
        const timeoutMs = options.timeoutMs ?? 0;
        const reason = `it did not finish within ${timeoutMs} ms`;
        timer = setTimeout(
          () => giveUp(new UserCodeFailure('timeout', reason)),
          Math.max(0, deadline - performance.now()),
        );
      }
      const pending = {
        resolve: (value: unknown) => {
          cleanUp();
          resolve(value);
        },
        reject: (failure: UserCodeFailure) => {
          cleanUp();
          reject(failure);
        },
      };
      thread.send(
        {
          type: 'call',
          id,
          key: code.key,
          ...(args === undefined ? {} : { args }),
          ...(options.maxResultChars === undefined ? {} : { maxResultChars: options.maxResultChars }),
        },
        pending,
        code.source,
      );
    });
  }

  /**
   * A thread left running a call past its deadline takes no new calls. Idle, it ends now; otherwise a ping
   * tells a thread that only waits on a promise (it answers; its other calls finish) from one that is blocked
   * (it does not; it is terminated and its other calls get one more try elsewhere).
   */
  #retire(thread: UserCodeThread): void {
    thread.draining = true;
    if (thread.inFlight === 0) {
      thread.stop('interrupted', 'its worker thread was stopped');
      return;
    }
    if (thread.probing) return;
    thread.probing = true;
    const id = this.#nextId++;
    const blocked = setTimeout(() => {
      thread.forget(id);
      thread.stop('interrupted', 'another call blocked its worker thread past its deadline');
    }, pingGraceMs);
    thread.send(
      { type: 'ping', id },
      {
        resolve: () => {
          clearTimeout(blocked);
          thread.probing = false;
          if (thread.inFlight === 0) thread.stop('interrupted', 'its worker thread was stopped');
        },
        reject: () => clearTimeout(blocked),
      },
    );
  }
}
