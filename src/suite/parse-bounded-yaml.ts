// YAML (and JSON) from a user's file, parsed within bounds: nesting is measured on the syntax tree, without recursion,
// before anything recursive runs, and aliases may not expand a document without end (a "billion laughs" file).
import { Composer, type CST, type Document, type LineCounter, Parser, YAMLParseError } from 'yaml';

/** Lists and maps inside each other, counted from the top of the file; the YAML library recurses per level. */
export const maxNestingDepth = 100;

/** Values a document holds once its aliases are expanded; a file without aliases is never counted. */
export const maxExpandedValues = 1_000_000;

/** Aliases in one document: the YAML library resolves each by a scan of those before it, so time grows with the square. */
export const maxAliases = 10_000;

/** A limit the file breaks, at an offset of the text. */
export interface YamlLimitProblem {
  ok: false;
  offset: number;
  message: string;
}

export interface BoundedDocument {
  ok: true;
  document: Document.Parsed;
  /** Aliases in document order, to place a problem their expansion causes. */
  aliases: Array<{ offset: number; name: string; anchoredBefore: boolean }>;
}

const isCollection = (token: CST.Token): boolean =>
  token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';

/** The tokens inside `token`, in document order. */
const childrenOf = (token: CST.Token): CST.Token[] => {
  if (token.type === 'document') return token.value ? [...token.start, token.value] : token.start;
  if (token.type === 'block-scalar') return token.props;
  if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') return [];
  const children: CST.Token[] = [];
  for (const item of token.items) {
    children.push(...item.start);
    if (item.key) children.push(item.key);
    if (item.sep) children.push(...item.sep);
    if (item.value) children.push(item.value);
  }
  return children;
};

/** Walks the syntax tree with an explicit stack: the offset of the first collection nested too deep, and the aliases. */
const measureTree = (tokens: readonly CST.Token[], outerDepth: number) => {
  const aliases: BoundedDocument['aliases'] = [];
  const anchors = new Set<string>();
  const stack: Array<[CST.Token, number]> = tokens
    .map((token): [CST.Token, number] => [token, outerDepth])
    .reverse();
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [token, outerDepth] = next;
    const depth = isCollection(token) ? outerDepth + 1 : outerDepth;
    if (depth > maxNestingDepth) return { tooDeepAt: token.offset, tooManyAliasesAt: undefined, aliases };
    if (token.type === 'anchor') anchors.add(token.source.slice(1));
    if (token.type === 'alias') {
      if (aliases.length === maxAliases)
        return { tooDeepAt: undefined, tooManyAliasesAt: token.offset, aliases };
      const name = token.source.slice(1).trimEnd();
      aliases.push({ offset: token.offset, name, anchoredBefore: anchors.has(name) });
    }
    const children = childrenOf(token);
    for (let index = children.length - 1; index >= 0; index--) stack.push([children[index]!, depth]);
  }
  return { tooDeepAt: undefined, tooManyAliasesAt: undefined, aliases };
};

/**
 * Parses like yaml's `parseDocument` (syntax problems land in `document.errors`), but refuses a document nested
 * deeper than `maxNestingDepth` before composing it: at 10,000 levels composing overflows the stack, and near the
 * stack's limit V8 can abort the whole process instead of throwing.
 */
export const parseBoundedYaml = (
  content: string,
  options: {
    lineCounter?: LineCounter;
    uniqueKeys?: boolean;
    /** Levels around this text in its file: a batch of tests cut from a suite sits one level down. */
    outerDepth?: number;
  } = {},
): BoundedDocument | YamlLimitProblem => {
  const tokens = [...new Parser(options.lineCounter?.addNewLine).parse(content)];
  const { tooDeepAt, tooManyAliasesAt, aliases } = measureTree(tokens, options.outerDepth ?? 0);
  if (tooDeepAt !== undefined) {
    const message = `nested more than ${maxNestingDepth} levels deep; lists and maps may nest at most ${maxNestingDepth} levels (see docs/suite.md)`;
    return { ok: false, offset: tooDeepAt, message };
  }
  if (tooManyAliasesAt !== undefined) {
    const message = `more than ${maxAliases.toLocaleString('en-US')} aliases in one file; put what every test shares in \`defaults\`, or write the values out`;
    return { ok: false, offset: tooManyAliasesAt, message };
  }
  const composer = new Composer({ uniqueKeys: options.uniqueKeys ?? true });
  let document: Document.Parsed | undefined;
  for (const composed of composer.compose(tokens, true, content.length)) {
    if (document === undefined) document = composed;
    else {
      const message = 'the file holds more than one YAML document; remove the `---` line';
      document.errors.push(
        new YAMLParseError([composed.range[0], composed.range[1]], 'MULTIPLE_DOCS', message),
      );
      break;
    }
  }
  // compose(…, forceDoc) always yields a document, even for an empty text
  return { ok: true, document: document as Document.Parsed, aliases };
};

/** Counts values as expanded (an alias counts its anchor's values again) up to `limit`; finds an alias loop. */
const measureValues = (root: unknown, limit: number): 'loop' | 'too many' | undefined => {
  let count = 0;
  const open = new Set<object>();
  const stack: Array<{ value: object; children: unknown[]; next: number }> = [];
  const enter = (value: unknown): 'loop' | 'too many' | undefined => {
    count += 1;
    if (count > limit) return 'too many';
    if (typeof value !== 'object' || value === null) return undefined;
    if (open.has(value)) return 'loop';
    open.add(value);
    const children =
      value instanceof Map || value instanceof Set ? [...value.values()] : Object.values(value as object);
    stack.push({ value, children, next: 0 });
    return undefined;
  };
  let problem = enter(root);
  while (problem === undefined && stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) problem = enter(top.children[top.next++]);
    else {
      open.delete(top.value);
      stack.pop();
    }
  }
  return problem;
};

/**
 * The document as plain data, or the problem its aliases cause: an alias with no anchor before it, one inside
 * its own anchor (a loop), or more than `maxExpandedValues` values once expanded.
 */
export const toBoundedValue = (parsed: BoundedDocument): { ok: true; value: unknown } | YamlLimitProblem => {
  const first = parsed.aliases[0];
  const problem = (offset: number, message: string): YamlLimitProblem => ({ ok: false, offset, message });
  let value: unknown;
  try {
    // the library's own alias count refuses a suite that uses one anchor 101 times; the count below is exact
    value = parsed.document.toJS({ maxAliasCount: -1 });
  } catch (error) {
    const unresolved = parsed.aliases.find((alias) => !alias.anchoredBefore);
    if (unresolved !== undefined) {
      const message = `alias *${unresolved.name} has no anchor &${unresolved.name} before it; define the anchor first`;
      return problem(unresolved.offset, message);
    }
    const reason = error instanceof Error ? error.message : String(error);
    return problem(first?.offset ?? 0, `the values cannot be read: ${reason}`);
  }
  if (first === undefined) return { ok: true, value };
  const measured = measureValues(value, maxExpandedValues);
  if (measured === 'loop') {
    return problem(
      first.offset,
      'an alias refers to the value it is inside of; write that value out instead',
    );
  }
  if (measured === 'too many') {
    const message = `the aliases from here on expand to more than ${maxExpandedValues.toLocaleString('en-US')} values (a "billion laughs" file?); write the values out or use fewer nested aliases`;
    return problem(first.offset, message);
  }
  return { ok: true, value };
};
