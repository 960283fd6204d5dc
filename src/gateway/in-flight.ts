// The requests the gateway accepted and has not finished answering, so a shutdown can wait for every one of
// them (up to its drain timeout) and cut off, by name, the ones still running when the time is up.
import type { ServerResponse } from 'node:http';

interface Entry {
  response: ServerResponse;
  handled: boolean;
  closed: boolean;
  /** Called when a shutdown gives up on this request, before its connection is closed. */
  onCutOff: () => void;
  /** Neighbours in the list of requests in flight; `done` once it left the list. */
  previous: Entry | undefined;
  next: Entry | undefined;
  done: boolean;
}

// A list linked through the entries rather than a Set: a Set that goes from empty to a few entries and back on
// every request allocates a new hash table each time it grows or shrinks, and as the Set lives for the whole
// process those tables outlive the young generation (about 70 bytes promoted per request, measured).
export const createInFlight = () => {
  let first: Entry | undefined;
  let count = 0;
  let onEmpty: (() => void) | undefined;

  const settle = (entry: Entry): void => {
    if (!entry.handled || !entry.closed || entry.done) return;
    entry.done = true;
    if (entry.previous) entry.previous.next = entry.next;
    else first = entry.next;
    if (entry.next) entry.next.previous = entry.previous;
    entry.previous = undefined;
    entry.next = undefined;
    count -= 1;
    if (count === 0) onEmpty?.();
  };

  return {
    /**
     * Counts a request from its arrival until both its handler returned and its response closed, i.e. its
     * last byte was handed to the operating system (or the client left): closing the connection after that
     * cannot cut the answer short. Returns the handler's "done" call.
     */
    begin(response: ServerResponse, onCutOff: () => void): () => void {
      const entry: Entry = {
        response,
        handled: false,
        closed: response.closed,
        onCutOff,
        previous: undefined,
        next: first,
        done: false,
      };
      if (first) first.previous = entry;
      first = entry;
      count += 1;
      if (!entry.closed) {
        response.once('close', () => {
          entry.closed = true;
          settle(entry);
        });
      }
      return () => {
        entry.handled = true;
        settle(entry);
      };
    },
    get size(): number {
      return count;
    },
    /** Resolves true once nothing is in flight, or false after `timeoutMs` with requests still running. */
    async settled(timeoutMs: number): Promise<boolean> {
      if (count === 0) return true;
      let timer: NodeJS.Timeout | undefined;
      const done = await Promise.race([
        new Promise<true>((resolve) => {
          onEmpty = () => resolve(true);
        }),
        new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      onEmpty = undefined;
      return done;
    },
    /** Gives up on every request still in flight: each is told, then its connection is closed. */
    cutOff(): number {
      const cut: Entry[] = [];
      for (let entry = first; entry; entry = entry.next) cut.push(entry);
      for (const entry of cut) {
        entry.onCutOff();
        entry.response.destroy();
      }
      return cut.length;
    },
  };
};

export type InFlight = ReturnType<typeof createInFlight>;
