// Retired models keep their price but get a warning line; models still served get none.
import { describe, expect, it } from 'vitest';
import { retiredNotice, retiredNotices } from './retired-notice.js';

const today = new Date('2026-11-29T12:00:00Z');

describe('retiredNotice', () => {
  it('warns about a retired model, by its dated name too, and says its price is kept', () => {
    expect(retiredNotice({ id: 'anthropic:claude-opus-4-20250514' }, today)).toBe(
      'anthropic:claude-opus-4-20250514 was retired by its provider on 2026-06-15; calls to it will likely fail (its price is kept for old runs)',
    );
  });
  it('says when a retirement is still ahead', () => {
    expect(retiredNotice({ id: 'anthropic:claude-opus-4' }, new Date('2026-01-01'))).toMatch(
      /is to be retired by its provider on 2026-06-15; move to a newer model before then/,
    );
  });
  it('is silent for a current model, a suite price and an unknown model', () => {
    expect(retiredNotice({ id: 'anthropic:claude-opus-5' }, today)).toBeUndefined();
    expect(retiredNotice({ id: 'openai:gpt-99' }, today)).toBeUndefined();
    expect(retiredNotice({ id: 'function:./app.js' }, today)).toBeUndefined();
  });
  it('uses the label a suite gives and warns once per model', () => {
    const notices = retiredNotices(
      [
        { id: 'deepseek:deepseek-chat', label: 'ds' },
        { id: 'deepseek:deepseek-chat', label: 'ds' },
        { id: 'openai:gpt-4o' },
      ],
      today,
    );
    expect(notices).toEqual([expect.stringMatching(/^ds was retired by its provider on 2026-07-24/)]);
  });
});
