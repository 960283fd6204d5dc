// One worker thread running user code: its calls in flight, kept alive only while it has some, and its end.
import { Worker } from 'node:worker_threads';
import { type FailureKind, type FromWorker, type ToWorker, UserCodeFailure } from './user-code-protocol.js';
import { userCodeWorkerMain } from './user-code-worker-main.js';

const workerSource = `(${userCodeWorkerMain.toString()})((url) => import(url));`;

/** A worker whose heap grows past this ends alone (E_USER_CODE for its calls), never the whole process. */
const maxHeapMb = 2048;

export interface PendingCall {
  resolve(value: unknown): void;
  reject(error: UserCodeFailure): void;
}

export class UserCodeThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, PendingCall>();
  readonly #known = new Set<string>();
  #lastError: string | undefined;
  #ended = false;
  /** No new calls: one of its calls ran past its deadline, so it ends once the others are done. */
  draining = false;
  /** Whether a ping is out to find if the thread is blocked. */
  probing = false;

  constructor(onEnd: (thread: UserCodeThread) => void) {
    this.#worker = new Worker(workerSource, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
    });
    // an idle worker, even with a timer of the user's still pending, never keeps the process alive
    this.#worker.unref();
    this.#worker.on('message', (message: FromWorker) => this.#settle(message));
    this.#worker.on('error', (error) => {
      this.#lastError = error.message;
    });
    this.#worker.on('exit', (code) => {
      this.#ended = true;
      const reason =
        this.#lastError === undefined
          ? `its worker thread exited with code ${code}`
          : `its worker thread ended: ${this.#lastError}`;
      // which call ended it is not known (failures inside a call are blamed on it by the worker), so every
      // call on it gets another try elsewhere
      this.failAll('interrupted', reason);
      onEnd(this);
    });
  }

  get inFlight(): number {
    return this.#pending.size;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Sends a message; the code's source goes along the first time this thread sees its key. */
  send(
    message: ToWorker,
    pending: PendingCall,
    source?: Extract<ToWorker, { type: 'call' }>['source'],
  ): void {
    const withSource =
      message.type === 'call' && !this.#known.has(message.key) && source !== undefined
        ? { ...message, source }
        : message;
    try {
      this.#worker.postMessage(withSource);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      pending.reject(new UserCodeFailure('unclonable', reason));
      return;
    }
    if (message.type === 'call') this.#known.add(message.key);
    if (this.#pending.size === 0) this.#worker.ref();
    this.#pending.set(message.id, pending);
  }

  /** Forgets a call (its deadline passed); the worker may still be running it. */
  forget(id: number): boolean {
    const found = this.#pending.delete(id);
    if (this.#pending.size === 0) this.#worker.unref();
    return found;
  }

  failAll(kind: FailureKind, reason: string): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const call of pending) call.reject(new UserCodeFailure(kind, reason));
  }

  /** Stops the thread at once; its calls in flight fail with `kind`. */
  stop(kind: FailureKind, reason: string): void {
    this.draining = true;
    this.failAll(kind, reason);
    if (!this.#ended) void this.#worker.terminate();
  }

  #settle(message: FromWorker): void {
    const call = this.#pending.get(message.id);
    if (call === undefined) return; // a call whose deadline passed: nobody waits for it any more
    this.forget(message.id);
    if (message.ok) call.resolve(message.value);
    else call.reject(new UserCodeFailure(message.kind, message.message));
    // a draining thread ends with its last call
    if (this.draining && this.#pending.size === 0) this.stop('interrupted', 'its worker thread was stopped');
  }
}
