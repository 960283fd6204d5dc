// `yardstick import promptfoo`: reads a promptfooconfig.yaml (and the files it names) and builds the equivalent
// yardstick suite, with a note for everything left out or approximated. A malformed config throws E_SUITE_INVALID.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AssertionConfig } from '../../spec/assertion.js';
import { YardstickError } from '../../spec/errors.js';
import type { ModelConfig } from '../../spec/model-config.js';
import { parseWithPositions } from '../../suite/parse-with-positions.js';
import { displayFile, toSuiteError } from '../../suite/suite-problem.js';
import { createImportContext, type ImportContext } from './import-context.js';
import { childPlace, type ImportNote, type Place, uniqueNotes } from './import-notes.js';
import { loadPrompts } from './load-prompts.js';
import { loadTests } from './load-tests.js';
import { promptfooDefaultGrader } from './map-grader.js';
import { mapPrompts, type PromptOut } from './map-prompts.js';
import { mapProviders, type ProviderOptions } from './map-providers.js';
import { type DefaultsOut, mapTests, type TestOut } from './map-tests.js';
import { prepareTests, readDefaultTest } from './prepare-tests.js';
import type { AdapterSpec } from './provider-adapter.js';
import { maxResolvedValues, resolveLocalRefs } from './resolve-local-refs.js';

export interface SuiteOut {
  name: string;
  description?: string;
  prompts: PromptOut[];
  models: ModelConfig[];
  judge?: ModelConfig;
  embedding?: ModelConfig;
  defaults?: DefaultsOut;
  repeat?: number;
  concurrency?: number;
  tests: TestOut[];
}

export interface ImportResult {
  suite: SuiteOut;
  notes: ImportNote[];
  comments: ImportContext['comments'];
  adapters: AdapterSpec[];
}

export interface ImportOptions extends ProviderOptions {
  /** Absolute path of the promptfoo config. */
  configPath: string;
  /** Folder the suite is written to; its paths are relative to it. */
  suiteDir: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const handledKeys = [
  'description',
  'providers',
  'targets',
  'prompts',
  'tests',
  'defaultTest',
  'evaluateOptions',
  'assertionTemplates',
];

const readConfig = async (configPath: string): Promise<string> => {
  try {
    return await readFile(configPath, 'utf8');
  } catch (error) {
    throw new YardstickError(
      'E_CONFIG',
      `promptfoo config ${displayFile(configPath)} cannot be read; check the path`,
      { cause: error },
    );
  }
};

const mapEvaluateOptions = (
  value: unknown,
  place: Place,
  context: ImportContext,
): Pick<SuiteOut, 'repeat' | 'concurrency'> => {
  if (!isRecord(value)) return {};
  const out: Pick<SuiteOut, 'repeat' | 'concurrency'> = {};
  for (const [key, option] of Object.entries(value)) {
    const whole = typeof option === 'number' && Number.isSafeInteger(option) && option >= 1;
    if (key === 'maxConcurrency' && whole) out.concurrency = option;
    else if (key === 'repeat' && whole) out.repeat = option;
    else
      context.notes.leftOut(
        childPlace(place, key),
        `evaluateOptions.${key} has no yardstick equivalent in the suite`,
      );
  }
  return out;
};

const usesGrader = (
  tests: readonly TestOut[],
  defaults: DefaultsOut,
  type: AssertionConfig['type'],
): boolean =>
  [...tests.flatMap((test) => test.assert ?? []), ...(defaults.assert ?? [])].some(
    (assertion) => assertion.type === type && !('provider' in assertion && assertion.provider),
  );

const suiteName = (description: unknown, configPath: string): string =>
  typeof description === 'string' &&
  description.trim() !== '' &&
  description.length <= 80 &&
  !description.includes('\n')
    ? description.trim()
    : path.basename(configPath).replace(/\.[^.]+$/, '');

export const importPromptfoo = async (options: ImportOptions): Promise<ImportResult> => {
  const content = await readConfig(options.configPath);
  const { data: parsed, locator } = parseWithPositions(options.configPath, content);
  const context = createImportContext(options.configPath, options.suiteDir);
  const root: Place = { locator, path: [] };
  if (!isRecord(parsed))
    throw toSuiteError([
      {
        file: options.configPath,
        line: 1,
        col: 1,
        field: '(top level)',
        message: 'a promptfoo config is a map with providers, prompts and tests',
      },
    ]);
  const resolved = resolveLocalRefs(parsed);
  if (resolved.tooLarge)
    context.problem(
      root,
      `the $ref references expand to more than ${maxResolvedValues.toLocaleString('en-US')} values`,
    );
  const data = resolved.value as Record<string, unknown>;
  const providerKey = data.providers === undefined && data.targets !== undefined ? 'targets' : 'providers';
  if (data[providerKey] === undefined)
    context.problem(root, 'missing "providers": a promptfoo config names the models to run');
  const { models, adapters } = mapProviders(
    data[providerKey] ?? [],
    childPlace(root, providerKey),
    context,
    options,
  );
  const defaults = readDefaultTest(data.defaultTest, childPlace(root, 'defaultTest'), context);
  const rawTests = await loadTests(data.tests, childPlace(root, 'tests'), context);
  const prepared = prepareTests(rawTests, defaults, context);
  const allVars = prepared.flatMap((test) => test.varSets);
  const varNames = new Set(allVars.flatMap((vars) => Object.keys(vars)));
  const rawPrompts =
    data.prompts === undefined
      ? [{ raw: '{{prompt}}', place: root }]
      : loadPrompts(data.prompts, childPlace(root, 'prompts'), context);
  const { prompts, derived } = mapPrompts(rawPrompts, allVars, varNames, context);
  const mapped = mapTests(prepared, defaults, derived, context);
  const evaluate = mapEvaluateOptions(data.evaluateOptions, childPlace(root, 'evaluateOptions'), context);
  for (const key of Object.keys(data)) {
    if (!handledKeys.includes(key))
      context.notes.leftOut(childPlace(root, key), `"${key}" has no yardstick equivalent`);
  }
  if (context.problems.length > 0) throw toSuiteError(context.problems);

  const graders: Pick<SuiteOut, 'judge' | 'embedding'> = {};
  for (const [role, type] of [
    ['judge', 'llm-rubric'],
    ['embedding', 'similar'],
  ] as const) {
    const given = mapped.graders[role];
    if (given) graders[role] = given;
    else if (usesGrader(mapped.tests, mapped.defaults, type)) {
      graders[role] = { id: promptfooDefaultGrader[role] };
      context.notes.approximated(
        childPlace(root, 'defaultTest'),
        `no grader is named for ${type}: ${role} is promptfoo's default (${promptfooDefaultGrader[role]}, when an OpenAI key is set)`,
        [role],
      );
    }
  }
  const hasDefaults = Object.keys(mapped.defaults).length > 0;
  const name = suiteName(data.description, options.configPath);
  const description = typeof data.description === 'string' ? data.description : undefined;
  const suite: SuiteOut = {
    name,
    ...(description !== undefined && description.trim() !== name ? { description } : {}),
    prompts,
    models,
    ...graders,
    ...(hasDefaults ? { defaults: mapped.defaults } : {}),
    ...evaluate,
    tests: mapped.tests,
  };
  return { suite, notes: uniqueNotes(context.notes.notes), comments: context.comments, adapters };
};
