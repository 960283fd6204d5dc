// Keeps two processes from working on one run: the owner writes a heartbeat, a resume of a live run is refused.
import { YardstickError } from '../spec/errors.js';
import type { RunStore } from '../store/contract/run-store.js';
import type { RunRow } from '../store/contract/store-types.js';

const heartbeatMs = 5_000;
/** A heartbeat older than this belongs to a process that was killed (or a pid that was reused). */
const staleAfterMs = 30_000;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export const assertNotOwnedElsewhere = (run: RunRow, now = Date.now()): void => {
  if (run.status !== 'running' || run.ownerPid === undefined || run.ownerPid === process.pid) return;
  const beat = run.heartbeatAt ? Date.parse(run.heartbeatAt) : Number.NaN;
  if (now - beat < staleAfterMs && isAlive(run.ownerPid)) {
    throw new YardstickError(
      'E_CONFIG',
      `run ${run.id} is still running in process ${run.ownerPid}; stop it (Ctrl-C) before resuming, so no case is run twice`,
    );
  }
};

/** Claims the run for this process and keeps the claim fresh until the returned function is called. */
export const holdRun = async (store: RunStore, runId: string): Promise<() => void> => {
  await store.claimRun(runId, process.pid);
  const timer = setInterval(() => {
    // a missed heartbeat only lets a resume elsewhere start sooner; the next one tries again
    store.claimRun(runId, process.pid).catch(() => undefined);
  }, heartbeatMs);
  timer.unref();
  return () => clearInterval(timer);
};
