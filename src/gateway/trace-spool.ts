// Traces that could not be written to the store (the database is down) go to a spool on local disk, one line per
// batch, and are written to the store from there, oldest first, when it is back: an outage delays traces, it never
// drops them. While anything is spooled, new batches are spooled too, so the store receives them in order.
// A gateway that stopped with a spool left (it crashed, or shut down mid-outage) leaves a file that the next
// gateway on the same spool folder adopts and replays. Replaying a batch twice is harmless: the store skips a
// trace it already has. Runs in the trace writer's thread, never on the requests' thread.
import {
  closeSync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import type { TraceInput } from '../store/contract/gateway-store.js';

export interface SpoolSize {
  /** Traces waiting in the spool. */
  traces: number;
  /** Bytes of spool files not yet replayed. */
  bytes: number;
}

export interface TraceSpool {
  size(): SpoolSize;
  isEmpty(): boolean;
  /** Appends one batch and syncs it to disk. */
  append(traces: TraceInput[]): void;
  /**
   * Writes spooled batches to the store, oldest first, until one fails or none is left; a batch is taken off
   * the spool only once written.
   */
  replay(write: (traces: TraceInput[]) => Promise<void>): Promise<{ written: number; error?: unknown }>;
  close(): void;
}

/** One spool file and how far into it replay has got. */
interface SpoolFile {
  file: string;
  offset: number;
  /** Traces in it from `offset` on (counted when appended or, for adopted files, when opened). */
  traces: number;
  bytes: number;
}

const filePrefix = 'traces-';
/** The start time in a spool file's name (`traces-<pid>-<ms>[-<n>].jsonl`). */
const startedAt = (name: string): number => Number(/^traces-\d+-(\d+)/.exec(name)?.[1] ?? 0);

/** Spool files of spools open in this process (two gateways in one process may share a folder). */
const openHere = new Set<string>();

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Reads a file as complete lines from `offset`, a chunk at a time, with each line's end offset. */
function* linesFrom(file: string, offset: number): Generator<{ line: string; end: number }> {
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let carry = Buffer.alloc(0);
    let position = offset;
    let carryStart = offset;
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, position);
      if (read === 0) break;
      position += read;
      let data = Buffer.concat([carry, chunk.subarray(0, read)]);
      let start = 0;
      for (let newline = data.indexOf(10, start); newline !== -1; newline = data.indexOf(10, start)) {
        yield { line: data.toString('utf8', start, newline), end: carryStart + newline + 1 };
        start = newline + 1;
      }
      carryStart += start;
      data = data.subarray(start);
      carry = Buffer.from(data);
    }
    // a last line without its newline is a batch torn by a crash mid-append: left for the caller to report
    if (carry.length > 0) yield { line: carry.toString('utf8'), end: carryStart + carry.length };
  } finally {
    closeSync(fd);
  }
}

const countTraces = (file: string): { traces: number; bytes: number } => {
  let traces = 0;
  for (const { line } of linesFrom(file, 0)) {
    try {
      traces += (JSON.parse(line) as unknown[]).length;
    } catch {
      // counted when replayed (and reported there)
    }
  }
  return { traces, bytes: statSync(file).size };
};

/**
 * @param dir the spool folder, created if missing; spool files of gateways no longer running are adopted.
 * @param log a line for the log (adopted files, torn batches).
 */
export const openTraceSpool = (dir: string, log: (line: string) => void = () => {}): TraceSpool => {
  mkdirSync(dir, { recursive: true });
  const queue: SpoolFile[] = [];
  const ownFile = path.join(dir, `${filePrefix}${process.pid}-${Date.now()}.jsonl`);
  // oldest first: the names carry the creating gateway's start time
  const names = readdirSync(dir)
    .filter((name) => name.startsWith(filePrefix))
    .sort((a, b) => startedAt(a) - startedAt(b));
  for (const name of names) {
    const pid = Number(/^traces-(\d+)-/.exec(name)?.[1]);
    if (openHere.has(path.join(dir, name))) continue;
    // a file of this very pid was left by an earlier process that had it (a container restarts as pid 1)
    if (pid !== process.pid && isAlive(pid)) continue;
    // renamed to this process first, so two gateways starting together never both adopt one file
    const adopted = path.join(dir, `${filePrefix}${process.pid}-${startedAt(name)}-${queue.length}.jsonl`);
    try {
      renameSync(path.join(dir, name), adopted);
    } catch {
      continue;
    }
    const counted = countTraces(adopted);
    if (counted.bytes === 0) {
      unlinkSync(adopted);
      continue;
    }
    log(
      `trace spool: ${counted.traces} trace(s) left by a gateway that stopped (${name}) will be written to the store`,
    );
    queue.push({ file: adopted, offset: 0, ...counted });
  }
  const own: SpoolFile = { file: ownFile, offset: 0, traces: 0, bytes: 0 };
  openHere.add(ownFile);
  for (const entry of queue) openHere.add(entry.file);
  let fd: number | undefined;

  const size = (): SpoolSize => {
    let traces = own.traces;
    let bytes = own.bytes;
    for (const entry of queue) {
      traces += entry.traces;
      bytes += entry.bytes;
    }
    return { traces, bytes };
  };

  /** Replays one file from its offset; the offset moves past each batch once it is written. */
  const replayFile = async (
    entry: SpoolFile,
    write: (traces: TraceInput[]) => Promise<void>,
  ): Promise<{ written: number; error?: unknown }> => {
    let written = 0;
    for (const { line, end } of linesFrom(entry.file, entry.offset)) {
      let traces: TraceInput[];
      try {
        traces = JSON.parse(line) as TraceInput[];
      } catch {
        log(
          `trace spool: skipped a batch torn by a crash while it was written (${path.basename(entry.file)})`,
        );
        entry.bytes -= end - entry.offset;
        entry.offset = end;
        continue;
      }
      try {
        await write(traces);
      } catch (error) {
        return { written, error };
      }
      written += traces.length;
      entry.traces -= traces.length;
      entry.bytes -= end - entry.offset;
      entry.offset = end;
    }
    return { written };
  };

  return {
    size,
    isEmpty: () => own.bytes === 0 && queue.length === 0,
    append(traces) {
      if (traces.length === 0) return;
      if (fd === undefined) {
        fd = openSync(ownFile, 'a');
        openHere.add(ownFile);
      }
      const line = Buffer.from(`${JSON.stringify(traces)}\n`);
      writeSync(fd, line);
      fdatasyncSync(fd);
      own.traces += traces.length;
      own.bytes += line.length;
    },
    async replay(write) {
      let written = 0;
      while (queue.length > 0) {
        const entry = queue[0] as SpoolFile;
        const done = await replayFile(entry, write);
        written += done.written;
        if (done.error !== undefined) return { written, error: done.error };
        unlinkSync(entry.file);
        openHere.delete(entry.file);
        queue.shift();
      }
      if (own.bytes === 0) return { written };
      const done = await replayFile(own, write);
      written += done.written;
      if (done.error !== undefined) return { written, error: done.error };
      // everything in the own file is in the store: start it again empty
      if (fd !== undefined && fstatSync(fd).size === own.offset) {
        ftruncateSync(fd, 0);
        own.offset = 0;
        own.bytes = 0;
        own.traces = 0;
      }
      return { written };
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      openHere.delete(ownFile);
      for (const entry of queue) openHere.delete(entry.file);
      // an empty spool leaves no file behind; a non-empty one waits for the next gateway
      if (own.bytes === 0) {
        try {
          unlinkSync(ownFile);
        } catch {
          // never created
        }
      }
    },
  };
};
