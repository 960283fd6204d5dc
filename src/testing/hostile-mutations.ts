// Mutations for fuzzing files that users write: on parsed data (delete, duplicate, share, rename, wrap, replace a
// node by a hostile value) and on text (insert hostile bytes or deep brackets, cut, repeat, truncate).
import fc from 'fast-check';

type Path = Array<string | number>;

/** Every path in a tree of plain data, found without recursion. */
const pathsOf = (root: unknown): Path[] => {
  const paths: Path[] = [];
  const stack: Array<[unknown, Path]> = [[root, []]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [value, path] = next;
    paths.push(path);
    if (Array.isArray(value))
      for (const [index, item] of value.entries()) stack.push([item, [...path, index]]);
    else if (typeof value === 'object' && value !== null)
      for (const [key, item] of Object.entries(value)) stack.push([item, [...path, key]]);
  }
  return paths;
};

const interestingStrings = [
  '',
  ' ',
  '{{',
  '}}',
  '{{ missing }}',
  '{{ question.deep.0 }}',
  '\u001b]0;pwned\u0007',
  '\u0000',
  '\r\n',
  '\uFEFF',
  '__proto__',
  'constructor',
  'prototype',
  '1e999',
  '-0',
  'NaN',
  'yes',
  'no',
  '~',
  'null',
  '*a',
  '&a',
  '!!binary',
  '---',
  '...',
  '%YAML 1.1',
  'function:',
  'function:./nowhere.js',
  'openai:',
  ':',
  'a:b:c',
  'http://',
  'file:///etc/passwd',
  'regex: (',
  'contains:',
  '__expected',
  '__id',
  '(a+)+$',
  '[',
  'x'.repeat(5000),
  '東京 😀',
  '\\',
  '"',
  "'",
];

const nested = (depth: number, leaf: unknown): unknown => {
  let value = leaf;
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? [value] : { k: value };
  return value;
};

/** Values that replace a node: wrong types, huge and odd numbers, unicode, control characters, deep nesting. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof<fc.Arbitrary<unknown>[]>(
  fc.constantFrom(...interestingStrings),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53 + 2, 1e9, 0.5, Number.NaN, Number.POSITIVE_INFINITY),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null)), { maxLength: 4 }),
  fc.dictionary(
    fc.constantFrom('id', 'type', 'value', 'file', 'vars', 'x', '__proto__'),
    fc.string({ maxLength: 8 }),
    {
      maxKeys: 3,
    },
  ),
  fc.integer({ min: 20, max: 140 }).map((depth) => nested(depth, 'leaf')),
);

const laughs = (levels: number): string => {
  const lists = ['&l0 [a, a, a, a, a, a, a, a, a]'];
  for (let level = 1; level < levels; level++)
    lists.push(
      `&l${level} [${Array(9)
        .fill(`*l${level - 1}`)
        .join(', ')}]`,
    );
  return `[${lists.join(', ')}]`;
};

/** YAML written as it is where a value goes: aliases, anchors, tags, odd numbers, complex keys, alias bombs. */
const rawFragments = [
  '*x',
  '&x 1',
  '&x [1, *x]',
  '&x {a: *x}',
  '[*x, *x, *x]',
  '!!binary AAAA',
  '!!int 1.5',
  '!!map []',
  '!!seq {}',
  '!!float abc',
  '!!null x',
  '.inf',
  '-.inf',
  '.nan',
  '0x1F',
  '0o17',
  '1e400',
  '-1e400',
  '!custom x',
  '!!str',
  '{ ? [a] : b }',
  '{ [a, b]: c }',
  '{a: 1, a: 2}',
  '"\\u0000\\e]0;x\\a"',
  '"\\ud800"',
  laughs(4),
  laughs(9),
  '&big [a, a, a, a, a, a, a, a, a, a, a, a]',
  '*big',
];

/** Writes the raw fragments where `raw` mutations left their placeholder (quoted in JSON, plain in YAML). */
export const insertRawFragments = (text: string): string =>
  text.replace(
    /"?RAWFRAGMENT(\d+)X"?/g,
    (_, index: string) => rawFragments[Number(index) % rawFragments.length] ?? '',
  );

export interface DataMutation {
  kind: 'delete' | 'replace' | 'duplicate' | 'rename' | 'wrap' | 'share' | 'raw';
  /** Which node: an index into every path of the tree, taken modulo their count. */
  at: number;
  value: unknown;
  key: string;
  fragment: number;
}

export const dataMutation: fc.Arbitrary<DataMutation> = fc.record({
  kind: fc.constantFrom<DataMutation['kind']>(
    'delete',
    'replace',
    'duplicate',
    'rename',
    'wrap',
    'share',
    'raw',
  ),
  at: fc.nat(),
  fragment: fc.nat(),
  value: hostileValue,
  key: fc.oneof(
    fc.constantFrom('asert', 'id', 'vars', 'file', 'type', '__proto__', 'extra'),
    fc.string({ maxLength: 6 }),
  ),
});

const childOf = (value: unknown, key: string | number): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string | number, unknown>)[key] : undefined;

/** Applies one mutation in place at `paths[at % paths.length]`; the root itself is only replaced or wrapped. */
export const mutateData = (root: { value: unknown }, mutation: DataMutation): void => {
  const paths = pathsOf(root.value);
  const path = paths[mutation.at % paths.length] ?? [];
  const parent = path.slice(0, -1).reduce<unknown>(childOf, root.value);
  const last = path[path.length - 1];
  const raw = `RAWFRAGMENT${mutation.fragment}X`;
  if (last === undefined || typeof parent !== 'object' || parent === null) {
    if (mutation.kind === 'replace') root.value = mutation.value;
    if (mutation.kind === 'raw') root.value = raw;
    if (mutation.kind === 'wrap') root.value = [root.value];
    return;
  }
  const record = parent as Record<string | number, unknown>;
  const current = record[last];
  if (mutation.kind === 'delete') {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else delete record[last];
  } else if (mutation.kind === 'replace') record[last] = mutation.value;
  else if (mutation.kind === 'raw') record[last] = raw;
  else if (mutation.kind === 'wrap') record[last] = [current];
  else if (mutation.kind === 'duplicate' || mutation.kind === 'share') {
    // `share` keeps one object in two places, so the YAML writer emits an anchor and an alias
    const copy = mutation.kind === 'share' ? current : structuredClone(current);
    if (Array.isArray(parent)) parent.push(copy);
    else record[`${String(last)}2`] = copy;
  } else if (!Array.isArray(parent)) {
    delete record[last];
    record[mutation.key] = current;
  }
};

export interface TextMutation {
  kind: 'insert' | 'delete' | 'repeat' | 'truncate';
  at: number;
  length: number;
  text: string;
}

export const textMutation: fc.Arbitrary<TextMutation> = fc.record({
  kind: fc.constantFrom<TextMutation['kind']>('insert', 'delete', 'repeat', 'truncate'),
  at: fc.nat(),
  length: fc.nat(400),
  text: fc.oneof(
    fc.constantFrom(
      ...interestingStrings,
      '\n',
      '\t',
      ': ',
      '- ',
      '{',
      '}',
      ']',
      ',',
      '#',
      '&x ',
      '*x',
      '!!str ',
    ),
    fc.string({ unit: 'binary-ascii', maxLength: 20 }),
    fc.integer({ min: 50, max: 3000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
    fc.constantFrom('1e999999', '-0x1F', '99999999999999999999999999', '.inf', '.nan', '0o777'),
  ),
});

export const mutateText = (text: string, mutation: TextMutation): string => {
  const at = text.length === 0 ? 0 : mutation.at % text.length;
  if (mutation.kind === 'insert') return `${text.slice(0, at)}${mutation.text}${text.slice(at)}`;
  if (mutation.kind === 'delete') return `${text.slice(0, at)}${text.slice(at + mutation.length)}`;
  if (mutation.kind === 'repeat') return `${text.slice(0, at + mutation.length)}${text.slice(at)}`;
  return text.slice(0, at);
};
