// What the main thread and a user-code worker say to each other; everything here crosses by structured clone.

/** The user's code as a worker loads it: a module's export, an inline async function body, or a regex. */
export type UserCodeSource =
  /** The first of `exports` that is a function is called. */
  | { kind: 'module'; url: string; exports: readonly string[] }
  /** An async function of `parameters` with this body. */
  | { kind: 'inline'; parameters: readonly string[]; body: string }
  /** Called with one string, answers whether the regex matches it. */
  | { kind: 'regex'; pattern: string; flags: string };

/** A source with the key that workers cache its loaded function under. */
export interface UserCode {
  readonly key: string;
  readonly source: UserCodeSource;
}

export const defineUserCode = (source: UserCodeSource): UserCode => ({ key: JSON.stringify(source), source });

/** Why a call failed; the caller turns each into its own message. */
export type FailureKind =
  /** The module did not import, or the inline code did not compile. */
  | 'load'
  /** The module has none of the exports asked for. */
  | 'no-export'
  /** The user's function threw or rejected. */
  | 'threw'
  /** What it returned cannot cross threads (a function, a symbol, …). */
  | 'unclonable'
  /** What it returned is over the size limit of the call. */
  | 'too-large'
  /** It threw from a timer or callback, left a rejection unhandled, or called `process.exit()`. */
  | 'crashed'
  /** Its worker thread ended under it (another call blocked it past its deadline, out of memory), three times. */
  | 'interrupted'
  /** It ran past its own `timeoutMs`. */
  | 'timeout'
  /** The caller's signal aborted it (its deadline, or the run stopping). */
  | 'aborted';

export type ToWorker =
  | {
      type: 'call';
      id: number;
      key: string;
      /** Sent with the first call of a key to each worker. */
      source?: UserCodeSource;
      /** Without arguments the call only loads the code. */
      args?: unknown[];
      /** A result holding more characters of text than this fails as `too-large`. */
      maxResultChars?: number;
    }
  | { type: 'ping'; id: number };

export type FromWorker =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; kind: FailureKind; message: string };

export class UserCodeFailure extends Error {
  readonly kind: FailureKind;
  constructor(kind: FailureKind, message: string) {
    super(message);
    this.name = 'UserCodeFailure';
    this.kind = kind;
  }
}
