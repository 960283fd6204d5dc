// Renders the Nunjucks subset of nunjucks-subset.ts as promptfoo does (autoescape off, a missing var is empty
// text, an array prints as `a,b`), so values the import computes ahead of a run match what promptfoo would send.
import type { Filter, Placeholder, TemplatePart } from './nunjucks-subset.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

export const lookupPath = (vars: Record<string, unknown>, path: Placeholder['path']): unknown => {
  let value: unknown = vars;
  for (const segment of path) {
    if (!isRecord(value) || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
};

/** What Nunjucks prints for a value: nothing for null and undefined, else JavaScript's own string form. */
export const toNunjucksText = (value: unknown): string =>
  value === undefined || value === null ? '' : String(value);

const text = (value: unknown): string =>
  value === undefined || value === null || value === false ? '' : String(value);

const capitalize = (value: string): string => {
  const lower = value.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
};

const lengthOf = (value: unknown): number => {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (isRecord(value)) return Object.keys(value).length;
  return 0;
};

const applyFilter = (value: unknown, { name, args }: Filter): unknown => {
  switch (name) {
    case 'upper':
      return text(value).toUpperCase();
    case 'lower':
      return text(value).toLowerCase();
    case 'trim':
      return text(value).replace(/^\s*|\s*$/g, '');
    case 'capitalize':
      return capitalize(text(value));
    case 'title':
      return text(value).split(' ').map(capitalize).join(' ');
    case 'length':
      return lengthOf(value);
    case 'dump':
      return JSON.stringify(value, null, typeof args[0] === 'number' ? args[0] : undefined);
    case 'join':
      return Array.isArray(value) ? value.map(toNunjucksText).join(String(args[0] ?? '')) : value;
    case 'first':
      return Array.isArray(value) || typeof value === 'string' ? value[0] : undefined;
    case 'last':
      return Array.isArray(value) || typeof value === 'string' ? value[value.length - 1] : undefined;
    case 'default':
    case 'd':
      return (args[1] === true ? !value : value === undefined) ? args[0] : value;
    case 'string':
      return toNunjucksText(value);
    default:
      // safe: autoescape is off, so marking a value safe changes nothing
      return value;
  }
};

/** The value of a placeholder before it is printed (a `dump` or `length` result stays what it is). */
export const evaluatePlaceholder = (placeholder: Placeholder, vars: Record<string, unknown>): unknown =>
  placeholder.filters.reduce(applyFilter, lookupPath(vars, placeholder.path));

export const renderParts = (parts: readonly TemplatePart[], vars: Record<string, unknown>): string =>
  parts
    .map((part) => ('text' in part ? part.text : toNunjucksText(evaluatePlaceholder(part.placeholder, vars))))
    .join('');
