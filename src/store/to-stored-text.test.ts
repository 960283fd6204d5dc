import { describe, expect, it } from 'vitest';
import { toStoredText } from './to-stored-text.js';

describe('toStoredText', () => {
  it('keeps text up to 256 KiB as it is', async () => {
    const text = 'a'.repeat(256 * 1024);
    expect(toStoredText(text)).toBe(text);
  });

  it('keeps the first 256 KiB of a longer text and says how long it was', async () => {
    const stored = toStoredText(`${'a'.repeat(256 * 1024)}tail`);
    expect(stored.startsWith('a'.repeat(256 * 1024))).toBe(true);
    expect(stored).not.toContain('tail');
    expect(stored.endsWith('\n…[cut by yardstick: 262148 characters, the first 262144 kept]')).toBe(true);
  });

  it('never keeps half of a surrogate pair', async () => {
    const stored = toStoredText(`${'a'.repeat(256 * 1024 - 1)}😀${'b'.repeat(10)}`);
    expect(stored).toMatch(/^a+\n…\[cut by yardstick: 262155 characters, the first 262143 kept\]$/);
  });
});
