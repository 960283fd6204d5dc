// What a cheapest-passing route's qualification rests on, gathered without calling a model: its suite with the
// route's targets as the suite's models, the suite's content hash (without its models), each target's price (given
// or from the table) and the price table's version. `qualify` runs it; `qualify --if-stale` and `routes` compare it
// with the route's record.
import type { QualifyConfig } from '../gateway/gateway-config.js';
import type { ResolvedRoute } from '../gateway/load-gateway-config.js';
import { priceTableVersion } from '../pricing/effective-price-table.js';
import { resolvePrice } from '../pricing/resolve-price.js';
import type { QualificationBasis } from '../scorecard/qualification-staleness.js';
import type { QualifyRule } from '../scorecard/qualify-targets.js';
import { hashSuite, loadSuite } from '../suite/load-suite.js';
import type { Suite } from '../suite/suite-types.js';

export interface RouteBasis {
  route: ResolvedRoute;
  qualify: QualifyConfig;
  /** The suite as qualify runs it: the route's targets are its models, each labelled with its name. */
  suite: Suite;
  basis: QualificationBasis;
  rule: QualifyRule;
}

const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;

export const routeRule = (qualify: QualifyConfig): QualifyRule =>
  qualify.reference !== undefined
    ? { reference: qualify.reference, maxDrop: qualify.maxDrop ?? 0 }
    : { minPassRate: qualify.minPassRate ?? 1 };

/** Loads the route's suite (a broken suite is E_SUITE_INVALID, exit 2) and prices its targets now. */
export const routeBasis = async (route: ResolvedRoute): Promise<RouteBasis> => {
  const { qualify } = route;
  if (!qualify) throw new Error(`route ${route.name} has no qualify settings`);
  const loaded = await loadSuite(qualify.suite);
  const models = route.targets.map((target) => ({ ...target.config, label: target.name }));
  const { filePath: _file, dir: _dir, concurrency: _c, maxRepeats: _m, hash: _h, ...content } = loaded;
  const repeat = qualify.repeat;
  const suite: Suite = {
    ...loaded,
    models,
    repeat,
    // the run's identity includes the targets, as any run's includes its models
    hash: hashSuite({ ...content, models, repeat }),
  };
  return {
    route,
    qualify,
    suite,
    rule: routeRule(qualify),
    basis: {
      // the suite's prompts and tests; its models are ignored and the targets are compared on their own
      suiteHash: hashSuite({ ...content, models: [], repeat: 1 }),
      targets: route.targets.map((target) => ({
        model: target.name,
        price: resolvePrice(target.config)?.price ?? null,
      })),
      priceTableVersion: priceTableVersion(),
      rule: withoutUndefined({
        minPassRate: qualify.minPassRate,
        reference: qualify.reference,
        maxDrop: qualify.maxDrop,
        repeat,
      }),
    },
  };
};
