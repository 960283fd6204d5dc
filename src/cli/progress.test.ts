import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';
import { guardTerminalOutput } from './terminal-output.js';

const hostile = '\u001b]0;pwned\u0007\u001b[2J';

/** A guarded stream, as the CLI's stderr, and everything written to it. */
const guardedStream = (color: boolean) => {
  const passThrough = new PassThrough();
  let written = '';
  passThrough.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8');
  });
  const stream = passThrough as unknown as NodeJS.WriteStream;
  guardTerminalOutput([stream], color);
  return { stream, written: () => written };
};

const run = (interactive: boolean, color: boolean) => {
  const { stream, written } = guardedStream(color);
  const progress = createProgress({ stream, interactive, plainIntervalMs: 0 });
  progress.onEvent({ type: 'start', runId: 'r1', resumed: false, total: 2, alreadyDone: 0, models: ['m'] });
  progress.onEvent({
    type: 'model-skipped',
    model: `model ${hostile}`,
    reason: `reason ${hostile}`,
    droppedCalls: 1,
  });
  progress.onEvent({ type: 'retry', model: 'm', message: `upstream ${hostile}`, delayMs: 10 });
  progress.onEvent({
    type: 'result',
    model: 'm',
    testId: 't',
    pass: true,
    errorCode: undefined,
    spentUsd: 0,
    cacheHit: false,
  });
  progress.onEvent({ type: 'finish', runId: 'r1', status: 'completed' });
  return written;
};

describe('progress lines on a guarded stream', () => {
  it('show a skipped model and a retry message with their control characters made visible', async () => {
    const written = run(false, false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(written()).toContain('skipped model ␛]0;pwned␇␛[2J: reason ␛]0;pwned␇␛[2J\n');
    expect(written()).toContain('retry m in 10 ms: upstream ␛]0;pwned␇␛[2J\n');
    expect(written()).not.toContain('\u001b');
    expect(written()).not.toContain('\u0007');
  });

  it('redraw in place on a terminal with only the tool’s own sequences', async () => {
    const written = run(true, true);
    await new Promise((resolve) => setImmediate(resolve));
    const sequences = written().split('\u001b').slice(1);
    expect(sequences.length).toBeGreaterThan(0);
    for (const after of sequences) expect(after).toMatch(/^\[(2K|2m|22m|33m|39m)/);
    expect(written()).toContain('\r\u001b[2K\u001b[33mskipped model ␛]0;pwned␇␛[2J');
    expect(written()).not.toContain('\u0007');
  });
});
