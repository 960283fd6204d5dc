// Fills `{{ name }}` and `{{ a.b }}` placeholders in prompt templates from a test's vars; `\{{` stays literal.
import { YardstickError } from '../spec/errors.js';
import type { Message } from '../spec/messages.js';

/** An escaped `\{{`, or a placeholder whose name is dotted identifiers (array indexes allowed: `items.0`). */
const placeholder = /\\\{\{|\{\{\s*([A-Za-z_][\w-]*(?:\.[\w-]+)*)\s*\}\}/g;

const lookup = (vars: Record<string, unknown>, name: string): unknown => {
  let value: unknown = vars;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
};

const toText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** The variable names a template uses, in order of first use. */
export const findTemplateVariables = (template: string): string[] => {
  const names = new Set<string>();
  for (const match of template.matchAll(placeholder)) if (match[1] !== undefined) names.add(match[1]);
  return [...names];
};

/**
 * Renders one template; strings go in as they are, anything else as JSON.
 * @example renderTemplate('Q: {{ question }}', { question: 'Bags?' }) // 'Q: Bags?'
 */
export const renderTemplate = (template: string, vars: Record<string, unknown>, promptId?: string): string =>
  template.replace(placeholder, (match: string, name: string | undefined) => {
    if (name === undefined) return match.slice(1);
    const value = lookup(vars, name);
    if (value === undefined) {
      const where = promptId === undefined ? 'the prompt' : `prompt "${promptId}"`;
      const known = Object.keys(vars).join(', ') || 'none';
      throw new YardstickError(
        'E_SUITE_INVALID',
        `missing variable "${name}" used by ${where}; add it to the test's vars or defaults.vars (vars given: ${known})`,
      );
    }
    return toText(value);
  });

/** Renders every message's content; tool calls and ids pass through unchanged. */
export const renderMessages = (
  messages: Message[],
  vars: Record<string, unknown>,
  promptId?: string,
): Message[] =>
  messages.map((message) => ({ ...message, content: renderTemplate(message.content, vars, promptId) }));
