import { describe, expect, it } from 'vitest';
import { toTerminalText } from './terminal-text.js';

const hostile = '\u001b]0;pwned\u0007\u001b[2J';

describe('toTerminalText', () => {
  it('shows ESC, BEL and the other C0 controls as their Control Pictures, keeping the length', () => {
    expect(toTerminalText(hostile)).toBe('␛]0;pwned␇␛[2J');
    expect(toTerminalText('a\u0000b\rc\u007fd\u0008')).toBe('a␀b␍c␡d␈');
    expect(toTerminalText(hostile)).toHaveLength(hostile.length);
  });

  it('replaces C1 controls (0x80 to 0x9f, such as the one-byte CSI 0x9b) with the replacement mark', () => {
    expect(toTerminalText('\u009b2J\u0085x')).toBe('\ufffd2J\ufffdx');
  });

  it('keeps newlines, tabs and all printable text, including non-Latin scripts and emoji', () => {
    const text = 'line 1\n\tcafé — 東京 😀 ± ␛ ¡\u00a0';
    expect(toTerminalText(text)).toBe(text);
  });

  it('leaves no control character in any text (every code unit checked)', () => {
    let all = '';
    for (let code = 0; code < 0x800; code++) all += String.fromCharCode(code);
    const safe = toTerminalText(all);
    for (const character of safe) {
      const code = character.charCodeAt(0);
      const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
      expect(control && character !== '\n' && character !== '\t').toBe(false);
    }
  });
});
