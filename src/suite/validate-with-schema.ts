// Runs a zod schema and turns its issues into located, actionable problems ("did you mean", "expected X, got Y").
import type { z } from 'zod';
import { findSuggestion } from '../spec/find-suggestion.js';
import { suggestionHint } from './find-suggestion.js';
import type { SourceLocator } from './source-locator.js';
import { formatPath, type PathSegment, type SuiteProblem } from './suite-problem.js';

export type Validation<T> = { ok: true; value: T } | { ok: false; problems: SuiteProblem[] };

/** For each object with unknown keys, the keys its schema allows, by the unknown keys (union branches differ). */
type AllowedKeys = WeakMap<object, Map<string, string[]>>;

const valueAt = (data: unknown, path: readonly PathSegment[]): unknown => {
  let value = data;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PathSegment, unknown>)[segment];
  }
  return value;
};

/** `string "ten"`, `number 5`, `array`, `null`: the got-part of a type error. */
export const describeValue = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string')
    return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
};

const typeNames: Record<string, string> = { record: 'object', int: 'integer', array: 'list' };
const typeName = (expected: string): string => typeNames[expected] ?? expected;

const issueMessage = (issue: z.core.$ZodIssue, value: unknown): string => {
  switch (issue.code) {
    case 'invalid_type': {
      const unquote = typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value));
      const hint = unquote && issue.expected === 'number' ? '; remove the quotes' : '';
      return `expected ${typeName(issue.expected)}, got ${describeValue(value)}${hint}`;
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      return `got ${describeValue(value)}; ${suggestionHint(String(value), options)}`;
    }
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${issue.minimum} item(s); add one`;
      if (issue.origin === 'string') return 'must not be empty';
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${issue.minimum}, got ${String(value)}`;
    case 'too_big':
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}, got ${String(value)}`;
    default:
      return issue.message;
  }
};

const toProblems = (
  issue: z.core.$ZodIssue,
  prefix: readonly PathSegment[],
  data: unknown,
  locator: SourceLocator,
  allowedKeys: AllowedKeys,
): SuiteProblem[] => {
  const path = [...prefix, ...issue.path] as PathSegment[];
  const value = valueAt(data, path);
  const problem = (
    at: readonly PathSegment[],
    message: string,
    where: 'key' | 'value' = 'value',
  ): SuiteProblem => ({
    file: locator.file,
    ...locator.locate(at, where),
    field: formatPath(at, locator.rootLabel),
    message,
  });
  if (issue.code === 'unrecognized_keys') {
    const parent = valueAt(data, path);
    const allowed =
      typeof parent === 'object' && parent !== null ? allowedKeys.get(parent)?.get(issue.keys.join()) : [];
    return issue.keys.map((key) => {
      const hint = allowed === undefined || allowed.length === 0 ? 'remove it' : suggestionHint(key, allowed);
      return problem(
        [...path, key],
        `unknown field; ${hint.replace('expected one of', 'known fields are')}`,
        'key',
      );
    });
  }
  if (value === undefined && path.length > 0) {
    const parent = path.slice(0, -1);
    const key = String(path[path.length - 1]);
    const options = issue.code === 'invalid_union' && 'options' in issue ? issue.options : undefined;
    const hint = Array.isArray(options)
      ? `; one of ${options.map((option) => `"${String(option)}"`).join(', ')}`
      : `; add ${key}: to it`;
    return [problem(parent, `missing required field "${key}"${hint}`)];
  }
  if (issue.code === 'invalid_union' && issue.discriminator !== undefined) {
    const options = ('options' in issue ? (issue.options ?? []) : []).map(String);
    const noun = issue.discriminator === 'type' ? 'assertion' : (issue.discriminator ?? 'value');
    if (typeof value !== 'string') return [problem(path, `expected string, got ${describeValue(value)}`)];
    return [problem(path, `unknown ${noun} "${value}"; ${suggestionHint(value, options)}`)];
  }
  if (issue.code === 'invalid_union') {
    const mismatch = (branch: z.core.$ZodIssue[]): boolean =>
      branch.some((inner) => inner.path.length === 0 && inner.code === 'invalid_type');
    const viable = issue.errors.filter((branch) => !mismatch(branch));
    const best = viable.sort((a, b) => a.length - b.length)[0];
    const expected = issue.errors.flatMap((branch) =>
      branch.flatMap((inner) => (inner.code === 'invalid_type' ? [typeName(inner.expected)] : [])),
    );
    // a number or a keyword (`repeat: 3 | auto`): name both unless the value is a near miss of the keyword
    const literal = best?.length === 1 && best[0]?.code === 'invalid_value' ? best[0] : undefined;
    if (literal !== undefined && literal.path.length === 0 && expected.length > 0) {
      const words = literal.values.map(String);
      if (findSuggestion(String(value), words) === undefined) {
        const choices = [...new Set(expected), ...words.map((word) => JSON.stringify(word))];
        return [problem(path, `expected ${choices.join(' or ')}, got ${describeValue(value)}`)];
      }
    }
    if (best !== undefined)
      return best.flatMap((inner) => toProblems(inner, path, data, locator, allowedKeys));
    return [problem(path, `expected ${[...new Set(expected)].join(' or ')}, got ${describeValue(value)}`)];
  }
  return [problem(path, issueMessage(issue, value))];
};

/** Parses `data` with `schema`; on failure, every issue becomes a problem located through `locator`. */
export const validateWithSchema = <S extends z.ZodType>(
  schema: S,
  data: unknown,
  locator: SourceLocator,
): Validation<z.output<S>> => {
  // A plain parse first: with the error callback below, zod kept a large parsed suite alive after a successful
  // parse (60 MB of 33,000 test cases). The callback is only needed to explain a failure, so it runs only then.
  const plain = schema.safeParse(data);
  if (plain.success) return { ok: true, value: plain.data };
  const allowedKeys: AllowedKeys = new WeakMap();
  const result = schema.safeParse(data, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys' || typeof issue.input !== 'object' || issue.input === null)
        return undefined;
      const shape: unknown =
        issue.inst?._zod.def !== undefined && 'shape' in issue.inst._zod.def
          ? issue.inst._zod.def.shape
          : undefined;
      if (typeof shape !== 'object' || shape === null) return undefined;
      const byKeys = allowedKeys.get(issue.input) ?? new Map<string, string[]>();
      byKeys.set(issue.keys.join(), Object.keys(shape));
      allowedKeys.set(issue.input, byKeys);
      return undefined;
    },
  });
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.flatMap((issue) => toProblems(issue, [], data, locator, allowedKeys)),
  };
};
