// A promptfoo test's vars as promptfoo runs them: merged over `defaultTest.vars`, a list of strings expanded into
// one test per value (every combination), `file://` values read, one trailing newline dropped, and vars that are
// templates of other vars rendered.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describeValue } from '../../suite/validate-with-schema.js';
import { type ImportContext, readReferencedData, resolveReference } from './import-context.js';
import { childPlace, type Place } from './import-notes.js';
import { hasTemplateSyntax, parseTemplate } from './nunjucks-subset.js';
import { renderParts } from './render-nunjucks-subset.js';

/** Most tests one promptfoo test may expand into. */
export const maxCombinations = 10_000;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const textFile = /\.(txt|md|json|csv|html|xml|j2|text|prompt)$/i;

/**
 * The test's own vars: a map, or YAML files of vars merged in order. promptfoo 0.123 reads these paths as they
 * are (relative to the test's file, globs allowed), so a `file://` path there loads nothing.
 */
export const readOwnVars = (
  value: unknown,
  place: Place,
  baseDir: string,
  context: ImportContext,
): Record<string, unknown> | undefined => {
  if (value === undefined) return {};
  if (isRecord(value)) return value;
  const files =
    typeof value === 'string'
      ? [value]
      : Array.isArray(value) && value.every((item) => typeof item === 'string')
        ? value
        : undefined;
  if (files === undefined) {
    context.problem(
      place,
      `expected a map of vars or the path of a YAML file of vars, got ${describeValue(value)}`,
    );
    return undefined;
  }
  const vars: Record<string, unknown> = {};
  for (const file of files) {
    if (file.startsWith('file://')) {
      context.notes.approximated(
        place,
        `promptfoo reads no vars from "${file}" (it takes a plain path here), so neither does the import; write the path without file://`,
      );
      continue;
    }
    if (/[*?[\]{}]/.test(file)) {
      context.notes.leftOut(place, `glob patterns for vars files are not expanded; list the files`);
      continue;
    }
    const loaded = readReferencedData(context, place, path.resolve(baseDir, file));
    if (isRecord(loaded?.data)) Object.assign(vars, loaded.data);
  }
  return vars;
};

const combinations = (vars: Record<string, unknown>): Array<Record<string, unknown>> | number => {
  let result: Array<Record<string, unknown>> = [{}];
  for (const [key, value] of Object.entries(vars)) {
    const values = Array.isArray(value) && typeof value[0] === 'string' ? value : [value];
    if (result.length * values.length > maxCombinations) return result.length * values.length;
    result = result.flatMap((combination) => values.map((item) => ({ ...combination, [key]: item })));
  }
  return result;
};

/** A `file://` var's value as promptfoo reads it, or the reason it cannot be carried over. */
const readVarFile = (reference: string, configDir: string): { value: string } | { reason: string } => {
  const file = resolveReference(reference, configDir);
  const extension = path.extname(file).toLowerCase();
  if (/[*?[\]{}]/.test(reference)) return { reason: 'a glob of files' };
  if (!textFile.test(file) && !['.yaml', '.yml'].includes(extension))
    return {
      reason: `a ${extension || 'binary'} file (yardstick reads no images, PDFs or scripts into vars)`,
    };
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch {
    return { reason: `a file that does not exist (${reference})` };
  }
  return {
    value: ['.yaml', '.yml'].includes(extension) ? JSON.stringify(parseYaml(content)) : content.trim(),
  };
};

const renderVarTemplates = (vars: Record<string, unknown>, place: Place, context: ImportContext): void => {
  for (const [key, value] of Object.entries(vars)) {
    if (typeof value !== 'string' || !hasTemplateSyntax(value)) continue;
    const parsed = parseTemplate(value);
    if (!parsed.ok) continue;
    const roots = parsed.parts.flatMap((part) =>
      'placeholder' in part ? [String(part.placeholder.path[0])] : [],
    );
    if (roots.some((root) => vars[root] === undefined)) continue;
    vars[key] = renderParts(parsed.parts, vars);
    context.notes.approximated(
      childPlace(place, 'vars', key),
      'a var that is a template of other vars is rendered at import (promptfoo renders it for prompts, not for assertion values)',
    );
  }
};

/** The var sets of the tests one promptfoo test becomes; undefined when it cannot be carried over (noted). */
export const expandVars = (
  merged: Record<string, unknown>,
  expand: boolean,
  place: Place,
  context: ImportContext,
): Array<Record<string, unknown>> | undefined => {
  const expanded = expand ? combinations(merged) : [merged];
  if (typeof expanded === 'number') {
    context.notes.leftOut(place, `its list vars expand to ${expanded} tests, more than ${maxCombinations}`);
    return undefined;
  }
  const result: Array<Record<string, unknown>> = [];
  for (const combination of expanded) {
    const vars: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(combination)) {
      if (typeof value === 'string' && value.startsWith('file://')) {
        const read = readVarFile(value, context.configDir);
        if ('reason' in read) {
          context.notes.leftOut(
            childPlace(place, 'vars', key),
            `the test reads var "${key}" from ${read.reason}`,
          );
          return undefined;
        }
        vars[key] = read.value;
      } else vars[key] = typeof value === 'string' ? value.replace(/\n$/, '') : value;
    }
    renderVarTemplates(vars, place, context);
    result.push(vars);
  }
  return result;
};
