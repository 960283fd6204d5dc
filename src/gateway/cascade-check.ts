// A route's cascade: its deterministic checks (load-gateway-config refused every other kind) run on a whole
// answer on the request path, through the same assertion registry as suites. What failed is named by kind or
// label only: an assertion's reason may quote the answer, which a trace keeps only when the route captures.
import type { AssertionContext } from '../assertions/assertion-context.js';
import { evaluateAssertions } from '../assertions/evaluate-assertions.js';
import { YardstickError } from '../spec/errors.js';
import type { GenerateResult } from '../spec/language-model.js';
import type { ResolvedRoute, ResolvedTarget } from './load-gateway-config.js';
import { costOfCall } from './target-price.js';

export type CascadeCheck = (
  result: GenerateResult,
  target: ResolvedTarget,
  latencyMs: number,
) => Promise<string | undefined>;

const noModelCalls = (): never => {
  // unreachable: model-graded kinds are refused when gateway.yaml is loaded
  throw new YardstickError('E_INTERNAL', 'a cascade check cannot call a model');
};

const checks = new WeakMap<ResolvedRoute, CascadeCheck | undefined>();

/** The route's check, made once per route; undefined when the route has no cascade. */
export const cascadeCheckOf = (route: ResolvedRoute): CascadeCheck | undefined => {
  if (checks.has(route)) return checks.get(route);
  const assertions = route.cascade?.assert;
  const check: CascadeCheck | undefined =
    assertions === undefined
      ? undefined
      : async (result, target, latencyMs) => {
          const context: AssertionContext = {
            output: result.text,
            toolCalls: result.toolCalls,
            latencyMs,
            costUsd: costOfCall(target, result.usage) ?? undefined,
            vars: {},
            testId: 'cascade',
            model: target.name,
            baseDir: '.',
            callJudge: noModelCalls,
            embed: noModelCalls,
          };
          const evaluation = await evaluateAssertions(assertions, context);
          if (evaluation.pass) return undefined;
          const failing = evaluation.outcomes.filter((outcome) => !outcome.pass);
          return `${failing.map((outcome) => outcome.label ?? outcome.type).join(', ')} failed`;
        };
  checks.set(route, check);
  return check;
};
