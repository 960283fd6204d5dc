// One promptfoo assertion to a yardstick one, with promptfoo's meaning kept: the value rendered with the test's
// vars (promptfoo templates assertion values), `not-` as `not`, `metric` as the label, promptfoo's defaults made
// explicit. What has no equivalent is noted with its place and left out.

import { parse as parseYaml } from 'yaml';
import type { AssertionConfig } from '../../spec/assertion.js';
import type { ModelConfig } from '../../spec/model-config.js';
import { assertionSchema } from '../../suite/assertion-schema.js';
import type { PathSegment } from '../../suite/suite-problem.js';
import { type ImportContext, pathForSuite, readReferencedText, resolveReference } from './import-context.js';
import { childPlace, type Place } from './import-notes.js';
import { mapTypedAssertion } from './map-assertion-kind.js';
import { mapGrader } from './map-grader.js';
import { hasTemplateSyntax, parseTemplate } from './nunjucks-subset.js';
import { renderParts } from './render-nunjucks-subset.js';

export interface AssertionScope {
  /** The test's vars, for values that are templates. */
  vars: Record<string, unknown>;
  place: Place;
  /** Where the assertion goes in the suite, for comments. */
  at: PathSegment[];
  /** The test's `options.provider`, for model-graded checks without their own. */
  graders: { judge?: ModelConfig; embedding?: ModelConfig };
}

/** A value as the user wrote it, for messages: `Infinity` and `NaN` rather than JSON's `null`. */
const show = (value: unknown): string =>
  typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type Rendered = { ok: true; value: unknown } | { ok: false; reason: string };

const renderString = (text: string, vars: Record<string, unknown>): Rendered => {
  if (!hasTemplateSyntax(text)) return { ok: true, value: text };
  const parsed = parseTemplate(text);
  return parsed.ok
    ? { ok: true, value: renderParts(parsed.parts, vars) }
    : { ok: false, reason: `its value uses ${parsed.reason}` };
};

/** The value as promptfoo hands it to the check: `file://` data files read, templates rendered. */
const renderValue = (
  value: unknown,
  baseType: string,
  scope: AssertionScope,
  context: ImportContext,
): Rendered => {
  if (typeof value === 'string' && value.startsWith('file://')) {
    if (baseType === 'javascript') return { ok: true, value };
    const file = resolveReference(value, context.configDir);
    if (!/\.(json|ya?ml|txt)$/i.test(file)) return { ok: false, reason: `its value is computed by ${value}` };
    const text = readReferencedText(context, childPlace(scope.place, 'value'), file);
    if (text === undefined) return { ok: false, reason: 'its value file is missing' };
    return { ok: true, value: /\.txt$/i.test(file) ? text.trim() : parseYaml(text) };
  }
  if (typeof value === 'string') return renderString(value, scope.vars);
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      const rendered =
        typeof item === 'string' ? renderString(item, scope.vars) : { ok: true as const, value: item };
      if (!rendered.ok) return rendered;
      items.push(rendered.value);
    }
    return { ok: true, value: items };
  }
  return { ok: true, value };
};

/** Fields every assertion may carry, checked and noted. */
const reportFields = (
  assertion: Record<string, unknown>,
  scope: AssertionScope,
  context: ImportContext,
): string | undefined => {
  for (const key of ['transform', 'contextTransform']) {
    if (assertion[key] !== undefined)
      return `its ${key} (the output rewritten before the check) has no yardstick equivalent`;
  }
  if (assertion.rubricPrompt !== undefined)
    context.notes.approximated(
      childPlace(scope.place, 'rubricPrompt'),
      "the custom grading prompt is not used; yardstick's judge prompt grades the rubric",
      scope.at,
    );
  const known = ['type', 'value', 'threshold', 'weight', 'metric', 'provider', 'rubricPrompt', 'config'];
  for (const key of Object.keys(assertion)) {
    if (!known.includes(key))
      context.notes.leftOut(
        childPlace(scope.place, key),
        `assertion field "${key}" has no yardstick equivalent`,
        scope.at,
      );
  }
  return undefined;
};

/** The yardstick assertion, or undefined when it is left out (noted). */
export const mapAssertion = (
  assertion: unknown,
  scope: AssertionScope,
  context: ImportContext,
): AssertionConfig | undefined => {
  if (!isRecord(assertion) || typeof assertion.type !== 'string') {
    context.problem(scope.place, 'an assertion needs a "type"');
    return undefined;
  }
  const leaveOut = (message: string) => {
    context.notes.leftOut(scope.place, message, scope.at);
    return undefined;
  };
  if (assertion.type === 'assert-set')
    return leaveOut('assert-set (a group with its own threshold) has no yardstick equivalent');
  const inverse = assertion.type.startsWith('not-');
  const baseType = inverse ? assertion.type.slice(4) : assertion.type;
  const refused = reportFields(assertion, scope, context);
  if (refused) return leaveOut(refused);
  const weight = assertion.weight;
  if (weight !== undefined && (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0))
    return leaveOut(`weight ${show(weight)} is not a number ≥ 0`);
  if (weight === 0)
    return leaveOut(
      'weight 0: promptfoo counts such a check as passed whatever the output (it only feeds a metric)',
    );
  const rendered = renderValue(assertion.value, baseType, scope, context);
  if (!rendered.ok) return leaveOut(rendered.reason);
  const graderRole =
    baseType === 'llm-rubric' ? 'judge' : baseType.startsWith('similar') ? 'embedding' : undefined;
  const provider =
    graderRole === undefined
      ? undefined
      : assertion.provider !== undefined
        ? mapGrader(assertion.provider, graderRole, childPlace(scope.place, 'provider'), context, scope.at)
        : scope.graders[graderRole];
  const given = assertion.threshold;
  if (given !== undefined && (typeof given !== 'number' || !Number.isFinite(given)))
    return leaveOut(`threshold ${show(given)} is not a number`);
  const threshold = given;
  const mapped = mapTypedAssertion({
    baseType,
    value: rendered.value,
    threshold,
    config: assertion.config,
    suitePath: (file) => pathForSuite(context, resolveReference(file, context.configDir)),
  });
  if ('reason' in mapped) return leaveOut(mapped.reason);
  if (mapped.approximation) context.notes.approximated(scope.place, mapped.approximation, scope.at);
  const result: AssertionConfig = { ...mapped.assertion };
  if (provider && (result.type === 'llm-rubric' || result.type === 'similar')) result.provider = provider;
  if (inverse) result.not = true;
  if (typeof weight === 'number' && weight !== 1) result.weight = weight;
  if (typeof assertion.metric === 'string' && assertion.metric !== '') result.label = assertion.metric;
  // the checks a suite gets at load (a pattern that compiles, a valid JSON Schema, code that parses): an
  // assertion that would stop the imported suite from loading is left out here, with the reason
  const checked = assertionSchema.safeParse(result);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = issue?.path.map(String).join('.') ?? '';
    return leaveOut(
      `${baseType} ${field === '' ? '' : `${field} `}would not load: ${issue?.message ?? 'invalid'}`.trim(),
    );
  }
  return result;
};
