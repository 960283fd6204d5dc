// Prepared promptfoo tests and `defaultTest` to yardstick tests and `defaults`: vars (with the prompts' derived
// vars), assertions rendered per test, thresholds, descriptions, unique ids. Fields with no equivalent are noted.
import type { AssertionConfig } from '../../spec/assertion.js';
import type { ModelConfig } from '../../spec/model-config.js';
import { canonicalJson, deriveTestId } from '../../suite/test-id.js';
import type { ImportContext } from './import-context.js';
import { childPlace, type Place } from './import-notes.js';
import { type AssertionScope, mapAssertion } from './map-assertion.js';
import { mapGraders } from './map-grader.js';
import type { DerivedVar } from './map-prompts.js';
import { hasTemplateSyntax } from './nunjucks-subset.js';
import type { DefaultTest, PreparedTest } from './prepare-tests.js';
import { evaluatePlaceholder, toNunjucksText } from './render-nunjucks-subset.js';

export interface TestOut {
  id?: string;
  description?: string;
  vars?: Record<string, unknown>;
  assert?: AssertionConfig[];
  threshold?: number;
}

export interface DefaultsOut {
  vars?: Record<string, unknown>;
  assert?: AssertionConfig[];
  threshold?: number;
}

export interface MappedTests {
  tests: TestOut[];
  defaults: DefaultsOut;
  graders: { judge?: ModelConfig; embedding?: ModelConfig };
}

type Graders = AssertionScope['graders'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const testFields = ['description', 'vars', 'assert', 'threshold', 'options'];
const quietOptions = ['provider', 'disableDefaultAsserts', 'disableVarExpansion'];

const isTemplated = (assertion: unknown): boolean => {
  const value = isRecord(assertion) ? assertion.value : undefined;
  const texts =
    typeof value === 'string'
      ? [value]
      : Array.isArray(value)
        ? value.filter((item) => typeof item === 'string')
        : [];
  return texts.some((text) => hasTemplateSyntax(text));
};

const assertList = (value: unknown, place: Place, context: ImportContext): unknown[] => {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  context.problem(place, 'assert must be a list of assertions');
  return [];
};

const readThreshold = (
  value: unknown,
  place: Place,
  context: ImportContext,
  at: (string | number)[],
): number | undefined => {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && value >= 0 && value <= 1) return value;
  context.notes.leftOut(place, `threshold ${JSON.stringify(value)} is not a number from 0 to 1`, at);
  return undefined;
};

/** Notes the fields of a test (or defaultTest) that yardstick has no place for; true if the test cannot run at all. */
const reportTestFields = (
  test: Record<string, unknown>,
  place: Place,
  context: ImportContext,
  at: (string | number)[],
): boolean => {
  if (test.providerOutput !== undefined) {
    context.notes.leftOut(
      place,
      'a test with a fixed providerOutput (no model call) has no yardstick equivalent; the test',
      ['tests'],
    );
    return true;
  }
  for (const key of Object.keys(test)) {
    if (testFields.includes(key)) continue;
    const why =
      key === 'metadata'
        ? 'test metadata has no yardstick equivalent'
        : key === 'provider'
          ? 'a per-test provider has no yardstick equivalent: the test runs on every model'
          : `test field "${key}" has no yardstick equivalent`;
    context.notes.leftOut(childPlace(place, key), why, at);
  }
  const options = isRecord(test.options) ? test.options : {};
  for (const key of Object.keys(options)) {
    if (!quietOptions.includes(key))
      context.notes.leftOut(
        childPlace(place, 'options', key),
        `test option "${key}" has no yardstick equivalent`,
        at,
      );
  }
  return false;
};

export const mapTests = (
  prepared: readonly PreparedTest[],
  defaults: DefaultTest,
  derived: readonly DerivedVar[],
  context: ImportContext,
): MappedTests => {
  const defaultPlace = defaults.place;
  reportTestFields(defaults.test, defaultPlace, context, ['defaults']);
  const defaultOptions = isRecord(defaults.test.options) ? defaults.test.options : {};
  const graders = mapGraders(
    defaultOptions.provider,
    childPlace(defaultPlace, 'options', 'provider'),
    context,
    [],
  );
  const defaultAsserts = assertList(defaults.test.assert, childPlace(defaultPlace, 'assert'), context);
  const perTest =
    defaultAsserts.some(isTemplated) ||
    prepared.some(({ raw }) => isRecord(raw.test.options) && raw.test.options.disableDefaultAsserts === true);
  const out: MappedTests = { tests: [], defaults: {}, graders };
  const mapDefaults = (
    vars: Record<string, unknown>,
    at: (string | number)[],
    testGraders: Graders,
  ): AssertionConfig[] =>
    defaultAsserts.flatMap((assertion, index) => {
      const scope = {
        vars,
        place: childPlace(defaultPlace, 'assert', index),
        at: [...at, 'assert', index],
        graders: testGraders,
      };
      return mapAssertion(assertion, scope, context) ?? [];
    });
  if (!perTest && defaultAsserts.length > 0) out.defaults.assert = mapDefaults({}, ['defaults'], {});
  const threshold = readThreshold(defaults.test.threshold, childPlace(defaultPlace, 'threshold'), context, [
    'defaults',
  ]);
  if (threshold !== undefined) out.defaults.threshold = threshold;
  const fixed = defaults.fixedVars;
  if (fixed && Object.keys(fixed).length > 0) out.defaults.vars = fixed;

  const seen = new Map<string, number>();
  for (const { raw, varSets } of prepared) {
    const options = isRecord(raw.test.options) ? raw.test.options : {};
    const baseAt = ['tests', out.tests.length];
    if (reportTestFields(raw.test, raw.place, context, baseAt)) continue;
    const testGraders: Graders = {
      ...mapGraders(options.provider, childPlace(raw.place, 'options', 'provider'), context, baseAt),
    };
    const ownAsserts = assertList(raw.test.assert, childPlace(raw.place, 'assert'), context);
    for (const vars of varSets) {
      const at = ['tests', out.tests.length];
      const assert: AssertionConfig[] =
        perTest && options.disableDefaultAsserts !== true ? mapDefaults(vars, at, testGraders) : [];
      ownAsserts.forEach((assertion, index) => {
        const column = raw.assertFields?.[index];
        const scope = {
          vars,
          place:
            column === undefined ? childPlace(raw.place, 'assert', index) : childPlace(raw.place, column),
          at: [...at, 'assert', assert.length],
          graders: testGraders,
        };
        const mapped = mapAssertion(assertion, scope, context);
        if (mapped) assert.push(mapped);
      });
      const ownVars: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(vars)) {
        if (!(fixed && key in fixed && canonicalJson(fixed[key]) === canonicalJson(value)))
          ownVars[key] = value;
      }
      for (const { name, placeholder } of derived)
        ownVars[name] = toNunjucksText(evaluatePlaceholder(placeholder, vars));
      const test: TestOut = {};
      if (typeof raw.test.description === 'string' && raw.test.description !== '')
        test.description = raw.test.description;
      if (Object.keys(ownVars).length > 0) test.vars = ownVars;
      if (assert.length > 0) test.assert = assert;
      const own = readThreshold(raw.test.threshold, childPlace(raw.place, 'threshold'), context, at);
      if (own !== undefined) test.threshold = own;
      const derivedId = deriveTestId(test.vars ?? {}, test.assert ?? []);
      const count = (seen.get(derivedId) ?? 0) + 1;
      seen.set(derivedId, count);
      // promptfoo runs identical tests twice; yardstick needs them told apart
      const withId = count > 1 ? { id: `${derivedId}-${count}`, ...test } : test;
      out.tests.push(withId);
    }
  }
  return out;
};
