// Runs one child process and measures its wall time, CPU time (user+sys) and peak RSS:
// with GNU `/usr/bin/time -f '%e %U %S %M'` when present, else by polling /proc/<pid> every 20 ms.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface ChildRun {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout and stderr go to `<logBase>.out` and `<logBase>.err`. */
  logBase: string;
}

export interface Measurement {
  exitCode: number;
  wallS: number;
  cpuS: number;
  peakRssMb: number;
  method: 'gnu-time' | 'proc-poll';
}

const gnuTime = '/usr/bin/time';
const clockTicks = 100; // USER_HZ on Linux; /proc/<pid>/stat counts in these.

const spawnLogged = (run: ChildRun, command: string, args: string[]) => {
  const out = openSync(`${run.logBase}.out`, 'w');
  const err = openSync(`${run.logBase}.err`, 'w');
  const child = spawn(command, args, { cwd: run.cwd, env: run.env, stdio: ['ignore', out, err] });
  closeSync(out);
  closeSync(err);
  const exited = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
  return { child, exited };
};

const withGnuTime = async (run: ChildRun): Promise<Measurement> => {
  const timeFile = path.join(path.dirname(run.logBase), `${path.basename(run.logBase)}.time`);
  const args = ['-f', '%e %U %S %M', '-o', timeFile, run.command, ...run.args];
  const { exited } = spawnLogged(run, gnuTime, args);
  const exitCode = await exited;
  const fields = (await readFile(timeFile, 'utf8')).trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
  const [wallS = Number.NaN, userS = Number.NaN, sysS = Number.NaN, maxRssKb = Number.NaN] = fields;
  return { exitCode, wallS, cpuS: userS + sysS, peakRssMb: maxRssKb / 1024, method: 'gnu-time' };
};

interface ProcSample {
  cpuS: number;
  hwmKb: number;
}

const sampleProc = async (pid: number): Promise<ProcSample | undefined> => {
  try {
    const [stat, status] = await Promise.all([
      readFile(`/proc/${pid}/stat`, 'utf8'),
      readFile(`/proc/${pid}/status`, 'utf8'),
    ]);
    // Fields after the ")" of the command name: state is field 3, utime 14 and stime 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]);
    const hwm = /VmHWM:\s+(\d+)/.exec(status)?.[1];
    return { cpuS: ticks / clockTicks, hwmKb: Number(hwm ?? 0) };
  } catch {
    return undefined; // the process has exited between polls
  }
};

const withProcPolling = async (run: ChildRun): Promise<Measurement> => {
  const started = process.hrtime.bigint();
  const { child, exited } = spawnLogged(run, run.command, run.args);
  let last: ProcSample = { cpuS: 0, hwmKb: 0 };
  let done = false;
  const poll = async (): Promise<void> => {
    while (!done && child.pid !== undefined) {
      const sample = await sampleProc(child.pid);
      if (sample !== undefined) last = { cpuS: sample.cpuS, hwmKb: Math.max(last.hwmKb, sample.hwmKb) };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const polling = poll();
  const exitCode = await exited;
  done = true;
  await polling;
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  return { exitCode, wallS, cpuS: last.cpuS, peakRssMb: last.hwmKb / 1024, method: 'proc-poll' };
};

/** Set BENCH_MEASURE=proc to force /proc polling even when GNU time is installed. */
export const measureChild = (run: ChildRun): Promise<Measurement> =>
  existsSync(gnuTime) && process.env.BENCH_MEASURE !== 'proc' ? withGnuTime(run) : withProcPolling(run);
