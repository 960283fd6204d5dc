import { describe, expect, it } from 'vitest';
import { findTemplateVariables, renderMessages, renderTemplate } from './render-template.js';

describe('renderTemplate', () => {
  it('fills placeholders with or without spaces', () => {
    expect(renderTemplate('Q: {{question}} / {{ airline }}', { question: 'Bags?', airline: 'Acme' })).toBe(
      'Q: Bags? / Acme',
    );
  });

  it('reads nested values and renders objects as JSON', () => {
    const vars = { user: { name: 'Ada', tags: ['a', 'b'] }, count: 3 };
    expect(renderTemplate('{{ user.name }} {{user.tags}} {{ user.tags.1 }} {{count}}', vars)).toBe(
      'Ada ["a","b"] b 3',
    );
  });

  it('keeps an escaped \\{{ and text that is not a placeholder', () => {
    expect(renderTemplate('\\{{question}} and {{ not a var }} and {}', { question: 'x' })).toBe(
      '{{question}} and {{ not a var }} and {}',
    );
  });

  it('names the missing variable and the prompt', () => {
    expect(() => renderTemplate('Q: {{ question }}', { other: 1 }, 'answer')).toThrow(
      'missing variable "question" used by prompt "answer"',
    );
    expect(() => renderTemplate('{{ user.email }}', { user: { name: 'Ada' } })).toThrow(/"user\.email"/);
  });

  it('renders every message and keeps the rest of it', () => {
    const messages = renderMessages(
      [
        { role: 'system', content: 'You help {{airline}}.' },
        { role: 'tool', toolCallId: 'call-1', content: '{{result}}' },
      ],
      { airline: 'Acme', result: { ok: true } },
    );
    expect(messages).toEqual([
      { role: 'system', content: 'You help Acme.' },
      { role: 'tool', toolCallId: 'call-1', content: '{"ok":true}' },
    ]);
  });

  it('lists the variables a template uses', () => {
    expect(findTemplateVariables('{{a}} {{ b.c }} {{a}} \\{{d}}')).toEqual(['a', 'b.c']);
  });
});
