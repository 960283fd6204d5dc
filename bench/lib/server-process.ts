// Long-running child processes for the gateway benchmark (the upstream and each gateway): started with their
// output in log files, awaited until they say they listen, measured from /proc, and always stopped, also when
// the benchmark fails or is interrupted.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import net from 'node:net';

export interface ServerSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout and stderr go to `<logBase>.out` and `<logBase>.err`. */
  logBase: string;
  /** Matched against stdout and stderr; the first capture group, if any, is returned as `match`. */
  ready: RegExp;
  readyTimeoutMs?: number;
}

export interface ServerProcess {
  name: string;
  pid: number;
  /** The ready line's first capture group (e.g. the URL it printed), or the whole match. */
  match: string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (128 + n when killed by a signal). */
  stop(graceMs?: number): Promise<number>;
}

const live = new Set<ChildProcess>();

// Last resort for every exit path: whatever is still running is killed, synchronously.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\nbench: ${signal}, stopping the servers\n`);
    process.exit(130);
  });
}

const signalNumbers: Record<string, number> = { SIGTERM: 15, SIGKILL: 9, SIGINT: 2 };

export const startServerProcess = async (spec: ServerSpec): Promise<ServerProcess> => {
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(code ?? 128 + (signalNumbers[signal ?? ''] ?? 0));
    });
  });
  let stderr = '';
  let seen = '';
  child.stdout.pipe(createWriteStream(`${spec.logBase}.out`));
  child.stderr.pipe(createWriteStream(`${spec.logBase}.err`));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });

  const match = await new Promise<string>((resolve, reject) => {
    const timeoutMs = spec.readyTimeoutMs ?? 15_000;
    const timer = setTimeout(
      () => reject(new Error(`${spec.name} did not get ready within ${timeoutMs} ms; see ${spec.logBase}.*`)),
      timeoutMs,
    );
    const look = (chunk: Buffer): void => {
      seen += chunk.toString('utf8');
      const found = spec.ready.exec(seen);
      if (found === null) return;
      clearTimeout(timer);
      child.stdout.off('data', look);
      child.stderr.off('data', look);
      seen = '';
      resolve(found[1] ?? found[0]);
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${spec.name} exited with ${code} before it was ready:\n${stderr.slice(-2000)}`));
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });

  return {
    name: spec.name,
    pid: child.pid ?? -1,
    match,
    stderr: () => stderr,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
};

/** Peak resident set size (VmHWM) of a running process, in MB. */
export const peakRssMb = async (pid: number): Promise<number> => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kb) / 1024;
};

const clockTicks = 100; // USER_HZ on Linux; /proc/<pid>/stat counts in these.

/** CPU seconds (user + system, all threads) a running process has used so far. */
export const cpuSeconds = async (pid: number): Promise<number> => {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the ")" of the command name: state is field 3, utime 14 and stime 15.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / clockTicks;
};

/** A port on 127.0.0.1 that was free a moment ago (for servers that cannot be told to pick one). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
