// What `yardstick serve` says when it stops: the traces written, and what a drain timeout or a second signal lost.
import type { DrainOutcome } from './gateway.js';

interface TraceCounts {
  written: number;
  dropped: number;
}

/** The last line of a shutdown, e.g. `stopped; 30 trace(s) written`. */
export const describeStop = (traces: TraceCounts, outcome: DrainOutcome, drainTimeoutMs: number): string => {
  let line = `stopped; ${traces.written} trace(s) written`;
  if (traces.dropped > 0) line += `, ${traces.dropped} dropped`;
  if (outcome.cutOff > 0)
    line += `; ${outcome.cutOff} request(s) cut off by the ${drainTimeoutMs} ms drain timeout`;
  if (outcome.unfinished > 0) line += `; ${outcome.unfinished} of them did not end, so their traces are lost`;
  return line;
};

/** Said on a second signal, just before the process exits without waiting. */
export const describeLoss = (state: {
  inFlight: number;
  traces: { queued: number };
  monitor?: { queued: number };
}): string => {
  const unwritten = state.inFlight + state.traces.queued;
  const unscored = state.monitor?.queued ?? 0;
  if (unwritten === 0 && unscored === 0) return 'second signal: exiting now; nothing was lost';
  const samples = unscored > 0 ? ` and ${unscored} monitor sample(s) not yet scored` : '';
  return (
    `second signal: exiting now; lost: ${state.inFlight} request(s) still in flight (cut off) and ` +
    `${unwritten} trace(s) not yet written${samples}`
  );
};
