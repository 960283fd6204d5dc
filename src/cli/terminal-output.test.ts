import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { clearLine, terminalStyles } from '../spec/terminal-text.js';
import { guardTerminalOutput } from './terminal-output.js';

const hostile = '\u001b]0;pwned\u0007\u001b[2J';

/** A stream that records what reaches it, guarded like the CLI's stdout. */
const guardedStream = (color: boolean) => {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream;
  let written = '';
  (stream as unknown as PassThrough).on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8');
  });
  guardTerminalOutput([stream], color);
  return { stream, written: () => written };
};

/** Every escape sequence in `text`. */
const escapes = (text: string): string[] =>
  text
    .split('\u001b')
    .slice(1)
    .map((after) => `\u001b${/^[^a-zA-Z]*[a-zA-Z]?/.exec(after)?.[0] ?? ''}`);

describe('guardTerminalOutput', () => {
  it('writes the tool colours as SGR codes and hostile text as visible characters', async () => {
    const { stream, written } = guardedStream(true);
    stream.write(`${terminalStyles.red('✗')} ${terminalStyles.bold(`case ${hostile}`)}: ${hostile}\n`);
    stream.write(`${clearLine()}${terminalStyles.dim('yardstick')} 1/2 done`);
    await new Promise((resolve) => setImmediate(resolve));
    expect(written()).toBe(
      '\u001b[31m✗\u001b[39m \u001b[1mcase ␛]0;pwned␇␛[2J\u001b[22m: ␛]0;pwned␇␛[2J\n' +
        '\r\u001b[2K\u001b[2myardstick\u001b[22m 1/2 done',
    );
    expect(escapes(written())).toEqual([
      '\u001b[31m',
      '\u001b[39m',
      '\u001b[1m',
      '\u001b[22m',
      '\u001b[2K',
      '\u001b[2m',
      '\u001b[22m',
    ]);
  });

  it('writes no escape byte at all with colour off, and text passes unchanged otherwise', async () => {
    const { stream, written } = guardedStream(false);
    stream.write(`${terminalStyles.yellow(`skipped model ${hostile}`)}\n`);
    stream.write(Buffer.from('bytes stay bytes\n'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(written()).toBe('skipped model ␛]0;pwned␇␛[2J\nbytes stay bytes\n');
  });

  it('cannot be fooled by text that imitates a mark: only this process knows the secret in it', async () => {
    const { stream, written } = guardedStream(true);
    const forged = '\uE00000000000000000000000000000000000red\uE001';
    stream.write(`${forged}text`);
    await new Promise((resolve) => setImmediate(resolve));
    expect(written()).toBe(`${forged}text`);
  });
});
