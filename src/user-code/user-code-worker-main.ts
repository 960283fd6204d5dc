// The code a user-code worker thread runs: loads each piece of user code once, calls it per message, answers.
// It is sent to the worker as source text (`userCodeWorkerMain.toString()`), so it must not use anything from
// outside its own body except Node's built-ins through `require`; the types below are erased and cost nothing.
// `import()` comes in as a parameter: written here, a test runner's transform would rewrite it.
import type { FromWorker, ToWorker, UserCodeSource } from './user-code-protocol.js';

type Callable = (...args: unknown[]) => unknown;

export const userCodeWorkerMain = (importModule: (url: string) => Promise<unknown>): void => {
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  if (parentPort === null) return;
  const port = parentPort;
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...parameters: string[]
  ) => Callable;
  const loaded = new Map<string, Promise<Callable>>();
  // which call's code is running, through timers and promises, so a failure outside a call's own promise
  // (an error thrown from a timer, an unhandled rejection, process.exit()) is blamed on that call alone
  const { AsyncLocalStorage } = require('node:async_hooks') as typeof import('node:async_hooks');
  const currentCall = new AsyncLocalStorage<number>();

  const messageOf = (error: unknown): string => {
    try {
      return error instanceof Error ? error.message : String(error);
    } catch {
      return 'an unprintable value';
    }
  };
  const failure = (kind: string, message: string) => ({ failureKind: kind, message });
  const isFailure = (value: unknown): value is { failureKind: string; message: string } =>
    typeof value === 'object' && value !== null && 'failureKind' in value;

  const load = async (source: UserCodeSource): Promise<Callable> => {
    if (source.kind === 'regex') {
      let pattern: RegExp;
      try {
        pattern = new RegExp(source.pattern, source.flags);
      } catch (error) {
        throw failure('load', messageOf(error));
      }
      return (text) => {
        pattern.lastIndex = 0;
        return pattern.test(String(text));
      };
    }
    if (source.kind === 'inline') {
      try {
        return new AsyncFunction(...source.parameters, source.body);
      } catch (error) {
        throw failure('load', messageOf(error));
      }
    }
    let namespace: Record<string, unknown>;
    try {
      namespace = (await importModule(source.url)) as Record<string, unknown>;
    } catch (error) {
      throw failure('load', messageOf(error));
    }
    for (const name of source.exports) {
      const candidate = namespace[name];
      if (typeof candidate === 'function') return candidate as Callable;
    }
    const found = Object.keys(namespace);
    throw failure('no-export', found.length === 0 ? 'it exports nothing' : `it exports ${found.join(', ')}`);
  };

  /** Whether the strings in `value` hold more than `limit` characters; a bounded walk, cycles included. */
  const holdsMoreThan = (value: unknown, limit: number): boolean => {
    let total = 0;
    let objects = 0;
    const stack: unknown[] = [value];
    while (stack.length > 0) {
      const item = stack.pop();
      if (typeof item === 'string') total += item.length;
      else if (typeof item === 'object' && item !== null) {
        objects += 1;
        if (objects > 100_000) return true;
        for (const inner of Object.values(item)) stack.push(inner);
      }
      if (total > limit) return true;
    }
    return false;
  };

  const reply = (message: FromWorker): void => {
    try {
      port.postMessage(message);
    } catch (error) {
      port.postMessage({ id: message.id, ok: false, kind: 'unclonable', message: messageOf(error) });
    }
  };

  const blame = (what: string, error: unknown): void => {
    const id = currentCall.getStore();
    // outside any call (a timer the module set up when it loaded): nobody to blame, the thread goes on
    if (id !== undefined)
      port.postMessage({ id, ok: false, kind: 'crashed', message: `${what}: ${messageOf(error)}` });
  };
  process.on('uncaughtException', (error) =>
    blame('threw outside its promise (from a timer or callback)', error),
  );
  process.on('unhandledRejection', (reason) => blame('left a promise rejection unhandled', reason));
  // process.exit() would end the thread and every call on it; it fails the call that made it instead
  process.exit = ((code?: number | string | null) => {
    throw failure(
      'crashed',
      `called process.exit(${code ?? ''}), which fails this call and does not end yardstick`,
    );
  }) as typeof process.exit;

  port.on('message', async (message: ToWorker) => {
    if (message.type === 'ping') {
      port.postMessage({ id: message.id, ok: true, value: undefined });
      return;
    }
    try {
      let callable = loaded.get(message.key);
      if (callable === undefined) {
        if (message.source === undefined) throw failure('load', 'the code was never sent to this worker');
        callable = load(message.source);
        loaded.set(message.key, callable);
      }
      const run = await callable;
      if (message.args === undefined) {
        reply({ id: message.id, ok: true, value: undefined });
        return;
      }
      let value: unknown;
      try {
        const args = message.args;
        value = await currentCall.run(message.id, () => run(...args));
      } catch (error) {
        throw isFailure(error) ? error : failure('threw', messageOf(error));
      }
      const limit = message.maxResultChars;
      if (limit !== undefined && holdsMoreThan(value, limit)) {
        throw failure('too-large', `it returned more than ${limit} characters of text`);
      }
      reply({ id: message.id, ok: true, value });
    } catch (error) {
      const known = isFailure(error);
      port.postMessage({
        id: message.id,
        ok: false,
        kind: known ? error.failureKind : 'threw',
        message: known ? error.message : messageOf(error),
      });
    }
  });
};
