// What may reach a terminal: text from outside (model answers, judge reasons, upstream errors, suite names) with its
// control characters made visible, and the tool's own colours, marked so that no text from outside can forge them.

/**
 * Replaces control characters (C0 but newline and tab, DEL, C1) with visible stand-ins of the same length, so
 * `ESC ] 0 ; pwned BEL` shows as `␛]0;pwned␇` instead of retitling the window, and padded columns stay aligned.
 * @example toTerminalText('\u001b[2Jhi') // '␛[2Jhi'
 */
export const toTerminalText = (text: string): string => {
  let result = '';
  let copied = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code >= 0x20 && code < 0x7f) || code > 0x9f || code === 0x0a || code === 0x09) continue;
    // C0 has its Control Pictures block (␀ to ␟, ␡ for DEL); C1 has none, so it shows as the replacement mark
    const stand = code < 0x20 ? 0x2400 + code : code === 0x7f ? 0x2421 : 0xfffd;
    result += text.slice(copied, index) + String.fromCharCode(stand);
    copied = index + 1;
  }
  return copied === 0 ? text : result + text.slice(copied);
};

/** The control sequences the tool itself writes. */
const sequences = {
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  normal: '\u001b[22m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  defaultColor: '\u001b[39m',
  /** Back to the start of the line and erase it: redrawing the progress line. */
  clearLine: '\r\u001b[2K',
} as const;

type SequenceName = keyof typeof sequences;

// A mark is a private-use character, a secret drawn per process and a name: text from outside cannot guess the
// secret, so only the tool's own marks become escape sequences once the text around them is sanitized.
const secret = globalThis.crypto.randomUUID().replaceAll('-', '');
const mark = (name: SequenceName): string => `\uE000${secret}${name}\uE001`;
const markPattern = new RegExp(`\uE000${secret}([a-zA-Z]+)\uE001`, 'g');

/** Set once by the CLI when it guards stdout and stderr; until then styles are plain text, as with no colour. */
let guarded: { color: boolean } | undefined;

/** Makes styles produce marks (coloured when `color`), for a writer that passes everything through `toTerminalOutput`. */
export const markTerminalStyles = (options: { color: boolean }): void => {
  guarded = { color: options.color };
};

/** Sanitizes `text`, then turns the tool's own marks into escape sequences (styles only when colour is on). */
export const toTerminalOutput = (text: string): string => {
  const safe = toTerminalText(text);
  if (!safe.includes('\uE000')) return safe;
  return safe.replace(markPattern, (whole, name: string) => {
    if (!Object.hasOwn(sequences, name)) return whole;
    if (name === 'clearLine' || guarded?.color === true) return sequences[name as SequenceName];
    return '';
  });
};

const style =
  (open: SequenceName, close: SequenceName) =>
  (input: string | number): string => {
    const text = String(input);
    if (guarded?.color !== true) return text;
    // a style closed inside (bold in dim) would end this one early: reopen it, as picocolors does
    return `${mark(open)}${text.replaceAll(mark(close), mark(close) + mark(open))}${mark(close)}`;
  };

/** The tool's colours, for text that reaches the terminal through `toTerminalOutput` (picocolors' names). */
export const terminalStyles = {
  bold: style('bold', 'normal'),
  dim: style('dim', 'normal'),
  red: style('red', 'defaultColor'),
  green: style('green', 'defaultColor'),
  yellow: style('yellow', 'defaultColor'),
};

/** Returns to the start of the line and erases it (the progress line's redraw). */
export const clearLine = (): string => (guarded === undefined ? sequences.clearLine : mark('clearLine'));
