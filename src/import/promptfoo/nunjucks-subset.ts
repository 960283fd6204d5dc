// The part of promptfoo's Nunjucks templating an import can carry over: `{{ path | filter(args) }}`, parsed and
// rendered as Nunjucks would (autoescape off). Tags (`{% %}`), comments and expressions are refused with a reason.

export type PathSegment = string | number;

export interface Filter {
  name: string;
  args: Array<string | number | boolean>;
}

export interface Placeholder {
  /** `name.items[0]` as `['name', 'items', 0]`. */
  path: PathSegment[];
  filters: Filter[];
  /** The placeholder as written, `{{ name | upper }}`. */
  source: string;
}

export type TemplatePart = { text: string } | { placeholder: Placeholder };

export type ParsedTemplate = { ok: true; parts: TemplatePart[] } | { ok: false; reason: string };

/** Filters whose Nunjucks behaviour is reproduced here. */
export const supportedFilters = [
  'upper',
  'lower',
  'trim',
  'capitalize',
  'title',
  'length',
  'dump',
  'join',
  'first',
  'last',
  'default',
  'd',
  'safe',
  'string',
] as const;

const identifier = /^[A-Za-z_$][\w$]*/;
const literal = /^(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)|(true|false))/;

const parseLiteral = (text: string): { value: string | number | boolean; rest: string } | undefined => {
  const match = literal.exec(text);
  if (!match) return undefined;
  const rest = text.slice(match[0].length).trimStart();
  if (match[1] !== undefined) return { value: match[1].replace(/\\(.)/g, '$1'), rest };
  if (match[2] !== undefined) return { value: match[2].replace(/\\(.)/g, '$1'), rest };
  if (match[3] !== undefined) return { value: Number(match[3]), rest };
  return { value: match[4] === 'true', rest };
};

const parsePath = (text: string): { path: PathSegment[]; rest: string } | undefined => {
  const head = identifier.exec(text);
  if (!head) return undefined;
  const path: PathSegment[] = [head[0]];
  let rest = text.slice(head[0].length);
  for (;;) {
    const dotted = /^\.([A-Za-z_$][\w$]*)/.exec(rest);
    if (dotted?.[1] !== undefined) {
      path.push(dotted[1]);
      rest = rest.slice(dotted[0].length);
      continue;
    }
    const indexed = /^\[\s*(\d+|'[^']*'|"[^"]*")\s*\]/.exec(rest);
    if (indexed?.[1] === undefined) break;
    const key = indexed[1];
    path.push(/^\d/.test(key) ? Number(key) : key.slice(1, -1));
    rest = rest.slice(indexed[0].length);
  }
  return { path, rest: rest.trimStart() };
};

const parseFilters = (text: string): Filter[] | string => {
  const filters: Filter[] = [];
  let rest = text;
  while (rest !== '') {
    if (!rest.startsWith('|')) return `unexpected "${rest}"`;
    rest = rest.slice(1).trimStart();
    const name = identifier.exec(rest)?.[0];
    if (name === undefined) return 'a filter name after "|"';
    rest = rest.slice(name.length).trimStart();
    const args: Filter['args'] = [];
    if (rest.startsWith('(')) {
      rest = rest.slice(1).trimStart();
      while (!rest.startsWith(')')) {
        const parsed = parseLiteral(rest);
        if (!parsed) return `filter "${name}" with an argument that is not a plain string or number`;
        args.push(parsed.value);
        rest = parsed.rest.startsWith(',') ? parsed.rest.slice(1).trimStart() : parsed.rest;
        if (rest === '') return `an unclosed "(" after filter "${name}"`;
      }
      rest = rest.slice(1).trimStart();
    }
    if (!(supportedFilters as readonly string[]).includes(name)) return `the filter "${name}"`;
    filters.push({ name, args });
  }
  return filters;
};

const parsePlaceholder = (source: string): Placeholder | string => {
  const inner = source.slice(2, -2);
  if (inner.startsWith('-') || inner.endsWith('-')) return `whitespace control in ${source}`;
  const path = parsePath(inner.trim());
  if (!path) return `the expression ${source}`;
  if (path.path[0] === 'env') return `${source}: promptfoo reads environment variables in templates`;
  const filters = parseFilters(path.rest);
  if (typeof filters === 'string') return `${filters} in ${source}`;
  return { path: path.path, filters, source };
};

/** Splits a template into text and placeholders, or says which construct the subset does not cover. */
export const parseTemplate = (template: string): ParsedTemplate => {
  const parts: TemplatePart[] = [];
  let index = 0;
  while (index < template.length) {
    const open = template.slice(index).search(/\{[{%#]/);
    if (open < 0) {
      parts.push({ text: template.slice(index) });
      break;
    }
    const start = index + open;
    if (start > index) parts.push({ text: template.slice(index, start) });
    const kind = template[start + 1];
    if (kind === '%') {
      const tag = /^\{%-?\s*(\w+)/.exec(template.slice(start))?.[1] ?? '';
      return { ok: false, reason: `the Nunjucks tag {% ${tag} %}` };
    }
    if (kind === '#') return { ok: false, reason: 'a Nunjucks comment {# #}' };
    const close = template.indexOf('}}', start + 2);
    if (close < 0) return { ok: false, reason: 'an unclosed "{{"' };
    const placeholder = parsePlaceholder(template.slice(start, close + 2));
    if (typeof placeholder === 'string') return { ok: false, reason: placeholder };
    parts.push({ placeholder });
    index = close + 2;
  }
  return { ok: true, parts };
};

/** Whether the text has anything Nunjucks would treat as template syntax. */
export const hasTemplateSyntax = (text: string): boolean => /\{[{%#]/.test(text);
