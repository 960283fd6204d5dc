// Guards the process's stdout and stderr: every string written passes through toTerminalOutput, so no control
// sequence from a model, an upstream, a suite or a store reaches the terminal, whichever command writes it.
import pc from 'picocolors';
import { markTerminalStyles, toTerminalOutput } from '../spec/terminal-text.js';

type Write = NodeJS.WriteStream['write'];

/** Streams already wrapped: a second wrapper would sanitize the first one's colours into visible text. */
const wrapped = new WeakSet<NodeJS.WriteStream>();

/** Whether a string chunk is text to sanitize: written as UTF-8, not as base64 or hex bytes. */
const isText = (encoding: unknown): boolean => typeof encoding !== 'string' || /^utf-?8$/i.test(encoding);

/**
 * Wraps `write` of each stream once. One place for every writer (reports, progress, errors, the gateway's log,
 * commands added later), rather than a call at each of them that a new line of output could forget.
 * Buffers pass as they are: yardstick writes text, and only its own code writes Buffers.
 */
export const guardTerminalOutput = (
  streams: NodeJS.WriteStream[] = [process.stdout, process.stderr],
  color: boolean = pc.isColorSupported,
): void => {
  markTerminalStyles({ color });
  for (const stream of streams) {
    if (wrapped.has(stream)) continue;
    wrapped.add(stream);
    const write: Write = stream.write;
    const guarded = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
      const safe = typeof chunk === 'string' && isText(rest[0]) ? toTerminalOutput(chunk) : chunk;
      return Reflect.apply(write, this, [safe, ...rest]) as boolean;
    };
    stream.write = guarded as Write;
  }
};
