// Hostile values for the fuzz tests: strings that break parsers, odd numbers, deep nesting, and raw YAML fragments
// (aliases, tags, alias bombs) written in place of a value once a mutated document is rendered.
import fc from 'fast-check';

/** Strings that have broken parsers before: templates, YAML keywords, prototype keys, control characters. */
export const interestingStrings = [
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
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof<fc.Arbitrary<unknown>[]>(
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
