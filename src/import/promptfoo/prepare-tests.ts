// Reads `defaultTest` and gives each promptfoo test its final var sets (defaults merged, lists expanded, files read),
// before prompts are mapped: a prompt's placeholders are translated by looking at every test's values.

import path from 'node:path';
import { expandVars, readOwnVars } from './expand-vars.js';
import type { ImportContext } from './import-context.js';
import { readReferencedData, resolveReference } from './import-context.js';
import { childPlace, type Place } from './import-notes.js';
import type { RawTest } from './load-tests.js';
import { hasTemplateSyntax } from './nunjucks-subset.js';

export interface DefaultTest {
  test: Record<string, unknown>;
  place: Place;
  /** `defaultTest.vars` as written (file:// var files read). */
  vars: Record<string, unknown>;
  /** `defaultTest.vars` as every test gets them, when that is one fixed set (no lists to expand, no templates). */
  fixedVars?: Record<string, unknown>;
}

export interface PreparedTest {
  raw: RawTest;
  /** One var set per test the promptfoo test runs as. */
  varSets: Array<Record<string, unknown>>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `defaultTest` inline or from a `file://` YAML/JSON file. */
export const readDefaultTest = (value: unknown, place: Place, context: ImportContext): DefaultTest => {
  let test: Record<string, unknown> = {};
  let at = place;
  if (typeof value === 'string') {
    const loaded = readReferencedData(context, place, resolveReference(value, context.configDir));
    if (loaded && isRecord(loaded.data)) {
      test = loaded.data;
      at = { locator: loaded.locator, path: [] };
    } else if (loaded) context.problem(place, 'defaultTest file must hold an object');
  } else if (isRecord(value)) test = value;
  else if (value !== undefined) context.problem(place, 'defaultTest must be an object or a file:// path');
  const baseDir =
    typeof value === 'string' ? path.dirname(resolveReference(value, context.configDir)) : context.configDir;
  const vars = readOwnVars(test.vars, childPlace(at, 'vars'), baseDir, context) ?? {};
  const sets = Object.values(vars).some(
    (item) =>
      Array.isArray(item) ||
      (typeof item === 'string' && (item.startsWith('file://') || hasTemplateSyntax(item))),
  )
    ? undefined
    : expandVars(vars, true, at, context);
  return { test, place: at, vars, ...(sets?.length === 1 && sets[0] ? { fixedVars: sets[0] } : {}) };
};

export const prepareTests = (
  rawTests: readonly RawTest[],
  defaults: DefaultTest,
  context: ImportContext,
): PreparedTest[] => {
  const prepared: PreparedTest[] = [];
  for (const raw of rawTests) {
    const own = readOwnVars(raw.test.vars, childPlace(raw.place, 'vars'), raw.baseDir, context);
    if (own === undefined) continue;
    const options = isRecord(raw.test.options) ? raw.test.options : {};
    const varSets = expandVars(
      { ...defaults.vars, ...own },
      options.disableVarExpansion !== true,
      raw.place,
      context,
    );
    if (varSets) prepared.push({ raw, varSets });
  }
  return prepared;
};
