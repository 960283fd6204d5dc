import { describe, expect, it } from 'vitest';
import { parseTemplate } from './nunjucks-subset.js';
import { renderParts } from './render-nunjucks-subset.js';

const render = (template: string, vars: Record<string, unknown>): string => {
  const parsed = parseTemplate(template);
  if (!parsed.ok) throw new Error(parsed.reason);
  return renderParts(parsed.parts, vars);
};

const refusal = (template: string): string => {
  const parsed = parseTemplate(template);
  return parsed.ok ? 'accepted' : parsed.reason;
};

describe('the Nunjucks subset', () => {
  it('renders paths with dots and brackets', () => {
    const vars = { user: { name: 'Ada', tags: ['x', 'y'] }, 'odd-key': 1 };
    expect(render('{{user.name}} {{ user["name"] }} {{ user.tags[1] }}', vars)).toBe('Ada Ada y');
  });

  it('prints what Nunjucks prints: nothing for missing or null, lists joined with commas, objects as [object Object]', () => {
    const vars = { none: null, list: [1, 'b'], object: { a: 1 }, yes: true, n: 2.5 };
    expect(render('[{{missing}}|{{none}}|{{list}}|{{object}}|{{yes}}|{{n}}|{{missing.deeper}}]', vars)).toBe(
      '[||1,b|[object Object]|true|2.5|]',
    );
  });

  it('applies the filters it knows, with their arguments', () => {
    const vars = { name: 'ada LOVELACE', words: ['a', 'b'], empty: '', data: { a: [1] } };
    expect(
      render('{{ name | upper }}/{{ name | lower }}/{{ name | capitalize }}/{{ name | title }}', vars),
    ).toBe('ADA LOVELACE/ada lovelace/Ada lovelace/Ada Lovelace');
    expect(
      render('{{ words | join(" + ") }}/{{ words | length }}/{{ words | first }}/{{ words | last }}', vars),
    ).toBe('a + b/2/a/b');
    expect(
      render("{{ missing | default('x') }}/{{ empty | default('x') }}/{{ empty | d('x', true) }}", vars),
    ).toBe('x//x');
    expect(render('{{ data | dump }}', { data: vars.data })).toBe('{"a":[1]}');
  });

  it('refuses, with the construct named, what it cannot render the same way', () => {
    expect(refusal('{% if premium %}VIP{% endif %}')).toBe('the Nunjucks tag {% if %}');
    expect(refusal('{# note #}hi')).toBe('a Nunjucks comment {# #}');
    expect(refusal('{{ name | reverse }}')).toBe('the filter "reverse" in {{ name | reverse }}');
    expect(refusal('{{- name }}')).toBe('whitespace control in {{- name }}');
    expect(refusal('{{ a + b }}')).toBe('unexpected "+ b" in {{ a + b }}');
    expect(refusal('{{ env.OPENAI_API_KEY }}')).toBe(
      '{{ env.OPENAI_API_KEY }}: promptfoo reads environment variables in templates',
    );
    expect(refusal('Hello {{ name')).toBe('an unclosed "{{"');
  });

  it('leaves single braces and text alone', () => {
    expect(render('JSON: {"a": 1} and {x}', {})).toBe('JSON: {"a": 1} and {x}');
  });
});
