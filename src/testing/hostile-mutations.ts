// Mutations for fuzzing files that users write: on parsed data (delete, duplicate, share, rename, wrap, replace a
// node by a hostile value or by raw YAML) and on text (insert hostile bytes or deep brackets, cut, repeat, truncate).
import fc from 'fast-check';
import { hostileValue, interestingStrings } from './hostile-values.js';

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
