// Progress while a run works: one redrawn line on a terminal; plain periodic lines in CI or when piped.
import type { RunEvent } from '../runner/run-events.js';
import { clearLine, terminalStyles as pc } from '../spec/terminal-text.js';

export interface ProgressOptions {
  stream: NodeJS.WriteStream;
  /** Redraw in place; false in CI or when not on a terminal. */
  interactive: boolean;
  /** In plain mode, at most one line per this many milliseconds. */
  plainIntervalMs?: number;
}

const formatDuration = (ms: number): string => {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s`
    : `${Math.floor(minutes / 60)}h${minutes % 60}m`;
};

export const formatUsd = (usd: number): string => (usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`);

export const createProgress = ({ stream, interactive, plainIntervalMs = 5_000 }: ProgressOptions) => {
  let total = 0;
  let done = 0;
  let doneAtStart = 0;
  let failed = 0;
  let errors = 0;
  let spent = 0;
  let unpriced = false;
  let priced = false;
  let startedAt = Date.now();
  let lastPlain = 0;
  let lastDraw = 0;

  const line = (): string => {
    const ranNow = done - doneAtStart;
    const elapsed = Date.now() - startedAt;
    const eta = ranNow > 0 ? ((total - done) * elapsed) / ranNow : Number.NaN;
    const spend = priced
      ? `${formatUsd(spent)}${unpriced ? ' + unpriced calls' : ''}`
      : unpriced
        ? 'unpriced'
        : '$0';
    return `${done}/${total} done, ${failed} failed, ${errors} errors, spent ${spend}, ETA ${formatDuration(eta)}`;
  };

  const draw = (force = false): void => {
    if (interactive) {
      // at most ten redraws a second: a fast run must not spend its time writing to the terminal
      if (!force && Date.now() - lastDraw < 100) return;
      lastDraw = Date.now();
      stream.write(`${clearLine()}${pc.dim('yardstick')} ${line()}`);
    } else if (force || Date.now() - lastPlain >= plainIntervalMs) {
      lastPlain = Date.now();
      stream.write(`progress: ${line()}\n`);
    }
  };

  const say = (text: string): void => {
    if (interactive) stream.write(clearLine());
    stream.write(`${text}\n`);
  };

  return {
    onEvent(event: RunEvent): void {
      switch (event.type) {
        case 'start':
          total = event.total;
          done = event.alreadyDone;
          doneAtStart = event.alreadyDone;
          startedAt = Date.now();
          say(
            `${event.resumed ? 'resuming' : 'run'} ${event.runId}: ${event.maxRepeats ? 'up to ' : ''}${event.total} calls over ${event.models.length} model(s)` +
              (event.maxRepeats ? ` (repeat auto, at most ${event.maxRepeats} per case)` : '') +
              (event.resumed ? `, ${event.alreadyDone} already done` : ''),
          );
          lastPlain = Date.now();
          break;
        case 'round':
          total = done + event.calls;
          if (event.round > 0)
            say(
              `round ${event.round + 1}: repeating ${event.cases} case(s) whose outcome is still uncertain`,
            );
          break;
        case 'model-skipped':
          total -= event.droppedCalls;
          say(pc.yellow(`skipped ${event.model}: ${event.reason}`));
          break;
        case 'retry':
          if (!interactive) say(`retry ${event.model} in ${Math.round(event.delayMs)} ms: ${event.message}`);
          break;
        case 'result':
          done += 1;
          if (event.errorCode) {
            errors += 1;
            draw();
            break;
          }
          if (!event.pass) failed += 1;
          if (event.spentUsd === undefined) unpriced = true;
          else {
            priced = true;
            spent += event.spentUsd;
          }
          draw();
          break;
        case 'finish':
          draw(true);
          if (interactive) stream.write('\n');
          break;
      }
    },
  };
};
