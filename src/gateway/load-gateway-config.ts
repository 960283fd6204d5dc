// Loads gateway.yaml: parse with positions, validate with the schema, check that every target names a known
// provider, and resolve each target to the ModelConfig the provider registry builds models from.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MonitorConfig } from '../monitor/monitor-config.js';
import { providerRegistry } from '../providers/registry.js';
import { isYardstickError, YardstickError } from '../spec/errors.js';
import { findSuggestion } from '../spec/find-suggestion.js';
import type { ModelConfig } from '../spec/model-config.js';
import { parseModelId } from '../spec/model-config.js';
import { parseStoreLocation, type StoreLocation } from '../store/parse-store-location.js';
import { parseWithPositions } from '../suite/parse-with-positions.js';
import type { SourceLocator } from '../suite/source-locator.js';
import { type PathSegment, type SuiteProblem, toSuiteError } from '../suite/suite-problem.js';
import { validateWithSchema } from '../suite/validate-with-schema.js';
import { checkCascade } from './check-cascade-config.js';
import {
  type GatewayConfig,
  gatewayConfigSchema,
  type ProviderConfig,
  type RouteConfig,
  type RoutePolicyName,
} from './gateway-config.js';

export interface ResolvedTarget {
  /** As the config writes it, e.g. `local:qwen2.5-7b-instruct`. */
  name: string;
  /** Registry id of the provider, e.g. `openai`. */
  providerType: string;
  config: ModelConfig;
  weight: number;
}

/**
 * The provider as gateway.yaml names it: the entry under `providers` (e.g. `local`, whatever its type), or the
 * registry id a target names directly; what traces show.
 */
export const providerNameOf = (target: Pick<ResolvedTarget, 'name'>): string =>
  target.name.slice(0, target.name.indexOf(':'));

export interface ResolvedRoute extends Omit<RouteConfig, 'targets' | 'policy'> {
  name: string;
  /** As written, or the one `mode` names. */
  policy: RoutePolicyName;
  targets: ResolvedTarget[];
}

/** The policy a route names, else the one its `mode` gives. */
const policyOf = (route: RouteConfig): RoutePolicyName =>
  route.policy ?? (route.mode === 'loadbalance' ? 'loadbalance' : 'ordered');

export interface LoadedGatewayConfig {
  file: string | undefined;
  config: GatewayConfig;
  routes: Map<string, ResolvedRoute>;
}

const registryIds = Object.keys(providerRegistry);
const isRegistryId = (id: string): boolean => Object.hasOwn(providerRegistry, id);

/** The ModelConfig for `provider:model`, the provider being a config entry or a registry id; a message if neither. */
export const resolveModel = (
  model: string,
  providers: Record<string, ProviderConfig>,
  price?: ModelConfig['price'],
): { providerType: string; config: ModelConfig } | string => {
  const parsed = parseModelId(model);
  if (!parsed) return `"${model}" is not provider:model, e.g. openai:gpt-4o-mini`;
  const entry = providers[parsed.provider];
  const type = entry?.type ?? parsed.provider;
  if (!isRegistryId(type)) {
    const known = [...Object.keys(providers), ...registryIds];
    const suggestion = findSuggestion(parsed.provider, known);
    return entry
      ? `provider type "${type}" is not one yardstick knows; use one of ${registryIds.join(', ')}`
      : `unknown provider "${parsed.provider}"; ${suggestion ? `did you mean "${suggestion}"?` : `add it under providers, or use one of ${registryIds.join(', ')}`}`;
  }
  if (type === 'function')
    return 'function: models cannot be served by the gateway; serve your code over HTTP instead';
  const config: ModelConfig = {
    id: `${type}:${parsed.model}`,
    ...(entry?.baseUrl ? { baseUrl: entry.baseUrl } : {}),
    ...(entry?.apiKeyEnv ? { apiKeyEnv: entry.apiKeyEnv } : {}),
    ...(entry?.headers ? { headers: entry.headers } : {}),
    ...(price ? { price } : {}),
  };
  return { providerType: type, config };
};

/** A monitor's judge must resolve like a target, and a model-graded check needs a judge. */
const checkMonitor = (
  monitor: MonitorConfig,
  config: GatewayConfig,
  problemAt: (at: PathSegment[], message: string) => void,
): void => {
  if (monitor.judge !== undefined) {
    const resolved = resolveModel(monitor.judge, config.providers);
    if (typeof resolved === 'string') problemAt(['judge'], resolved);
  }
  monitor.assert.forEach((assertion, index) => {
    if (assertion.type === 'llm-rubric' && !assertion.provider && monitor.judge === undefined) {
      problemAt(
        ['assert', index],
        'llm-rubric needs a judge; add `judge: provider:model` to the monitor or `provider:` to the check',
      );
    }
  });
};

/**
 * `store:` (or its older name `database:`), checked and with a relative SQLite path made relative to the config
 * file, as `secretsFile` is: the gateway finds its store wherever it is started from.
 */
const resolveStore = (config: GatewayConfig, dir: string, locator: SourceLocator): string | undefined => {
  const field = config.store !== undefined ? 'store' : 'database';
  const location = config.store ?? config.database;
  if (location === undefined) return undefined;
  const fail = (message: string): never => {
    const { line, col } = locator.locate([field]);
    throw toConfigError([{ file: locator.file, line, col, field, message }]);
  };
  if (config.store !== undefined && config.database !== undefined && config.store !== config.database) {
    fail('store and database name two stores; keep store (database is its older name)');
  }
  let parsed: StoreLocation;
  try {
    parsed = parseStoreLocation(location);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  if (parsed.engine === 'postgres' || parsed.path === ':memory:') return location;
  return path.resolve(dir, parsed.path);
};

const resolveRoutes = (
  config: GatewayConfig,
  locator: SourceLocator,
  problems: SuiteProblem[],
): Map<string, ResolvedRoute> => {
  const problemAt = (at: PathSegment[], message: string): void => {
    const { line, col } = locator.locate(at);
    problems.push({ file: locator.file, line, col, field: at.join('.'), message });
  };
  for (const [name, provider] of Object.entries(config.providers)) {
    const type = provider.type ?? name;
    if (!isRegistryId(type)) {
      const suggestion = findSuggestion(type, registryIds);
      problemAt(
        ['providers', name, ...(provider.type ? ['type'] : [])],
        `"${type}" is not a provider yardstick knows; ${suggestion ? `did you mean "${suggestion}"?` : `set type: to one of ${registryIds.join(', ')}`}`,
      );
    }
  }
  const routes = new Map<string, ResolvedRoute>();
  for (const [name, route] of Object.entries(config.routes)) {
    if (parseModelId(name))
      problemAt(['routes', name], 'a route name cannot contain ":"; that is how clients name provider:model');
    const policy = policyOf(route);
    if (route.policy !== undefined && route.policy !== 'loadbalance' && route.mode === 'loadbalance') {
      problemAt(
        ['routes', name, 'mode'],
        `mode: loadbalance and policy: ${route.policy} disagree; remove mode (policy decides the order)`,
      );
    }
    checkPolicySettings(route, policy, (at, message) => problemAt(['routes', name, ...at], message));
    const targets: ResolvedTarget[] = [];
    route.targets.forEach((target, index) => {
      const resolved = resolveModel(target.model, config.providers, target.price);
      if (typeof resolved === 'string') {
        problemAt(['routes', name, 'targets', index, 'model'], resolved);
        return;
      }
      if (target.weight !== undefined && policy !== 'loadbalance') {
        problemAt(
          ['routes', name, 'targets', index, 'weight'],
          policy === 'cheapest-passing'
            ? 'a cheapest-passing route serves its targets in the order of its qualification record; remove the weight'
            : `a weight spreads first attempts only with mode: loadbalance (this route's policy is ${policy}); add mode: loadbalance to the route, or remove the weight`,
        );
      }
      targets.push({ name: target.model, weight: target.weight ?? 1, ...resolved });
    });
    if (policy === 'loadbalance' && route.targets.every((target) => target.weight === 0)) {
      problemAt(
        ['routes', name, 'targets'],
        'every target has weight 0, so none can take a first attempt; give at least one a weight above 0',
      );
    }
    if (route.monitor)
      checkMonitor(route.monitor, config, (at, message) =>
        problemAt(['routes', name, 'monitor', ...at], message),
      );
    routes.set(name, { ...route, name, policy, targets });
  }
  return routes;
};

/** `qualify` and `cascade` belong to `cheapest-passing`, which needs `qualify`; the rule needs its fields. */
const checkPolicySettings = (
  route: RouteConfig,
  policy: RoutePolicyName,
  problemAt: (at: PathSegment[], message: string) => void,
): void => {
  const { qualify, cascade } = route;
  if (policy !== 'cheapest-passing') {
    if (qualify)
      problemAt(['qualify'], 'qualify is read only with policy: cheapest-passing; add it, or remove qualify');
    if (cascade)
      problemAt(['cascade'], 'cascade is read only with policy: cheapest-passing; add it, or remove cascade');
    return;
  }
  if (!qualify) {
    problemAt(
      ['policy'],
      'policy: cheapest-passing needs qualify: { suite: <file>, minPassRate: 0.9 } to say which targets pass',
    );
    return;
  }
  if (qualify.minPassRate === undefined && qualify.reference === undefined)
    problemAt(['qualify'], 'qualify needs minPassRate (e.g. 0.9), or reference and maxDrop');
  if (qualify.minPassRate !== undefined && qualify.reference !== undefined)
    problemAt(['qualify', 'reference'], 'give minPassRate or reference with maxDrop, not both');
  if (qualify.reference !== undefined) {
    if (qualify.maxDrop === undefined)
      problemAt(['qualify', 'reference'], 'reference needs maxDrop, the drop you accept, e.g. maxDrop: 0.02');
    const names = route.targets.map((target) => target.model);
    if (!names.includes(qualify.reference)) {
      const suggestion = findSuggestion(qualify.reference, names);
      problemAt(
        ['qualify', 'reference'],
        `"${qualify.reference}" is not a target of this route; ${suggestion ? `did you mean "${suggestion}"?` : `use one of ${names.join(', ')}`}`,
      );
    }
  } else if (qualify.maxDrop !== undefined) {
    problemAt(['qualify', 'maxDrop'], 'maxDrop is read only with reference; remove it, or add reference');
  }
  if (cascade) checkCascade(cascade, (at, message) => problemAt(['cascade', ...at], message));
};

/** The problems listed as the suite loader lists them (`file:line:col field: …`), under the gateway's own code. */
const toConfigError = (problems: SuiteProblem[]): YardstickError =>
  new YardstickError('E_GATEWAY_CONFIG', toSuiteError(problems).message);

/** Reads NAME=value lines (comments and blank lines allowed), for provider keys kept out of the environment. */
export const parseSecretsFile = (content: string, file: string): Record<string, string> => {
  const secrets: Record<string, string> = {};
  content.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match?.[1]) {
      // the line itself is never echoed: it may hold a secret
      throw new YardstickError('E_GATEWAY_CONFIG', `${file}:${index + 1}: expected NAME=value`);
    }
    secrets[match[1]] = (match[2] ?? '').replace(/^(["'])(.*)\1$/, '$2');
  });
  return secrets;
};

export const loadGatewayConfig = async (file: string | undefined): Promise<LoadedGatewayConfig> => {
  if (file === undefined) {
    const config = gatewayConfigSchema.parse({});
    return { file, config, routes: new Map() };
  }
  const filePath = path.resolve(file);
  let content: string;
  try {
    content = await readFile(filePath, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new YardstickError('E_GATEWAY_CONFIG', `cannot read gateway config ${file} (${code})`);
  }
  let parsed: ReturnType<typeof parseWithPositions>;
  try {
    parsed = parseWithPositions(filePath, content);
  } catch (error) {
    // the same message as a suite's syntax error, under the gateway config's own code
    if (isYardstickError(error) && error.code === 'E_SUITE_INVALID') {
      throw new YardstickError('E_GATEWAY_CONFIG', error.message);
    }
    throw error;
  }
  const { data, locator } = parsed;
  const validation = validateWithSchema(gatewayConfigSchema, data ?? {}, locator);
  if (!validation.ok) throw toConfigError(validation.problems);
  const problems: SuiteProblem[] = [];
  const routes = resolveRoutes(validation.value, locator, problems);
  const { cache, limits } = validation.value;
  if (cache.store === 'redis' && cache.redis === undefined && limits === undefined) {
    const { line, col } = locator.locate(['cache', 'store']);
    problems.push({
      file: locator.file,
      line,
      col,
      field: 'cache.store',
      message: 'cache.store: redis needs a Redis URL: set cache.redis, or limits.redis',
    });
  }
  if (problems.length > 0) throw toConfigError(problems);
  const config = validation.value;
  if (config.secretsFile) config.secretsFile = path.resolve(path.dirname(filePath), config.secretsFile);
  if (config.tracing.spoolDir)
    config.tracing.spoolDir = path.resolve(path.dirname(filePath), config.tracing.spoolDir);
  const store = resolveStore(config, path.dirname(filePath), locator);
  if (store !== undefined) {
    config.store = store;
    config.database = store;
  }
  // a qualification suite is found from the config file, wherever the command runs
  for (const route of routes.values()) {
    if (route.qualify) route.qualify.suite = path.resolve(path.dirname(filePath), route.qualify.suite);
  }
  return { file: filePath, config, routes };
};
