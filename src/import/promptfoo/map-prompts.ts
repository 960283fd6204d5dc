// Raw promptfoo prompts to yardstick prompts. A placeholder yardstick renders the same way stays `{{ path }}`;
// one with filters, or whose value some test lacks or holds as a list or object (Nunjucks prints those its own way),
// becomes a var computed per test at import ("derived"), so every test gets the text promptfoo would send.
import { parse as parseYaml } from 'yaml';
import type { Message } from '../../spec/messages.js';
import type { ImportContext } from './import-context.js';
import type { Place } from './import-notes.js';
import type { RawPrompt } from './load-prompts.js';
import { type Placeholder, parseTemplate, type TemplatePart } from './nunjucks-subset.js';
import { lookupPath, renderParts } from './render-nunjucks-subset.js';

export type PromptOut = string | { id: string; messages: Message[] };

export interface DerivedVar {
  name: string;
  placeholder: Placeholder;
}

export interface MappedPrompts {
  prompts: PromptOut[];
  derived: DerivedVar[];
}

type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What promptfoo's provider does with a rendered prompt that fails to parse as JSON: refuse it, not send it. */
const looksLikeJson = (trimmed: string): boolean => {
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) return true;
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return false;
  const inside = trimmed.slice(1).trimStart();
  return inside === '' || /^["{[\d-]|^(true|false|null)/.test(inside);
};

/** Whether promptfoo's provider would read this rendered text as a chat (or refuse it) rather than send it as text. */
const readAsChat = (rendered: string): boolean => {
  const trimmed = rendered.trim();
  if (trimmed.startsWith('- role:') || looksLikeJson(trimmed)) return true;
  try {
    JSON.parse(rendered);
    return true;
  } catch {
    return false;
  }
};

/**
 * A prompt that is a chat before rendering (a JSON list of messages, or `- role:` YAML) as its messages; any other
 * prompt is text, one user message. A string says why the prompt cannot be carried over.
 */
const toMessages = (raw: string): ChatMessage[] | string => {
  const trimmed = raw.trim();
  let parsed: unknown;
  try {
    parsed = trimmed.startsWith('- role:') ? parseYaml(raw) : JSON.parse(raw);
  } catch {
    if (trimmed.startsWith('- role:')) return 'looks like a YAML chat but does not parse';
    return [{ role: 'user', content: raw }];
  }
  if (!Array.isArray(parsed)) return [{ role: 'user', content: raw }];
  const messages: ChatMessage[] = [];
  for (const message of parsed) {
    if (!isRecord(message) || typeof message.content !== 'string')
      return 'has a chat message whose content is not text (images, tool calls)';
    if (message.role !== 'system' && message.role !== 'user' && message.role !== 'assistant')
      return `has a chat message with role "${String(message.role)}"`;
    messages.push({ role: message.role, content: message.content });
  }
  return messages.length > 0 ? messages : 'is an empty chat';
};

const isDirect = (placeholder: Placeholder, tests: ReadonlyArray<Record<string, unknown>>): boolean => {
  if (placeholder.filters.length > 0) return false;
  const [head, ...rest] = placeholder.path;
  if (typeof head !== 'string' || !/^[A-Za-z_][\w-]*$/.test(head)) return false;
  if (!rest.every((segment) => typeof segment === 'number' || /^[\w-]+$/.test(segment))) return false;
  return tests.every((vars) =>
    ['string', 'number', 'boolean'].includes(typeof lookupPath(vars, placeholder.path)),
  );
};

export const mapPrompts = (
  rawPrompts: readonly RawPrompt[],
  tests: ReadonlyArray<Record<string, unknown>>,
  varNames: ReadonlySet<string>,
  context: ImportContext,
): MappedPrompts => {
  const derived = new Map<string, DerivedVar>();
  const taken = new Set(varNames);
  const derive = (placeholder: Placeholder): string => {
    const key = JSON.stringify([placeholder.path, placeholder.filters]);
    const existing = derived.get(key);
    if (existing) return existing.name;
    const suffix =
      placeholder.filters.length > 0 ? placeholder.filters.map((filter) => filter.name).join('_') : 'text';
    const base = `${placeholder.path.join('_')}_${suffix}`.replace(/\W/g, '_');
    let name = base;
    for (let count = 2; taken.has(name); count++) name = `${base}_${count}`;
    taken.add(name);
    derived.set(key, { name, placeholder });
    return name;
  };
  const translate = (parts: TemplatePart[], place: Place, at: (string | number)[]): string => {
    let text = '';
    for (const part of parts) {
      if ('text' in part) {
        text += part.text;
        continue;
      }
      if (text.endsWith('\\'))
        context.notes.approximated(
          place,
          'a backslash before "{{" makes yardstick print the braces instead of the value',
          at,
        );
      const { placeholder } = part;
      if (isDirect(placeholder, tests)) {
        text += `{{ ${placeholder.path.join('.')} }}`;
        continue;
      }
      const name = derive(placeholder);
      text += `{{ ${name} }}`;
      const why =
        placeholder.filters.length > 0
          ? 'the filters applied'
          : 'as promptfoo prints it (empty when missing, lists as a,b)';
      context.comments.push({
        at,
        text: `{{ ${name} }} is ${placeholder.source}, ${why}, computed into each test's vars`,
      });
    }
    return text;
  };

  const prompts: PromptOut[] = [];
  const ids = new Set<string>();
  for (const prompt of rawPrompts) {
    const at = ['prompts', prompts.length];
    const messages = toMessages(prompt.raw);
    if (typeof messages === 'string') {
      context.notes.leftOut(prompt.place, `the prompt ${messages}`);
      continue;
    }
    const parsed = messages.map((message) => ({
      role: message.role,
      parsed: parseTemplate(message.content),
    }));
    const refused = parsed.find((message) => !message.parsed.ok);
    if (refused && !refused.parsed.ok) {
      context.notes.leftOut(
        prompt.place,
        `prompt uses ${refused.parsed.reason}, which yardstick templates cannot express`,
      );
      continue;
    }
    const text = messages.length === 1 && messages[0]?.content === prompt.raw ? parsed[0]?.parsed : undefined;
    if (text?.ok) {
      // promptfoo decides chat or text after rendering: a var holding a JSON chat makes this prompt a chat
      const chatAt = tests.findIndex((vars) => readAsChat(renderParts(text.parts, vars)));
      if (chatAt >= 0) {
        const why = `for some tests (the first: test ${chatAt + 1}) it renders to JSON, which promptfoo sends as chat messages (or refuses); yardstick sends the text`;
        context.notes.approximated(prompt.place, why, at);
      }
    }
    const out = parsed.map(({ role, parsed: template }) => ({
      role,
      content: template.ok ? translate(template.parts, prompt.place, at) : '',
    }));
    let id = prompt.label;
    if (id !== undefined) for (let count = 2; ids.has(id); count++) id = `${prompt.label} #${count}`;
    if (id !== undefined) ids.add(id);
    const single = out.length === 1 && out[0]?.role === 'user' ? out[0].content : undefined;
    prompts.push(
      single !== undefined && id === undefined
        ? single
        : { id: id ?? `prompt-${prompts.length + 1}`, messages: out },
    );
  }
  return { prompts, derived: [...derived.values()] };
};
