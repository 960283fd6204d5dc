// Notes the keys of a promptfoo provider `config` that no model setting takes: credentials (never copied), keys
// with a known way to do the same in yardstick, and the rest, named together.
import type { PathSegment } from '../../suite/suite-problem.js';
import type { ImportContext } from './import-context.js';
import { childPlace, type Place } from './import-notes.js';
import { credential, optionKeys } from './provider-config-keys.js';

/** Read by mapProviderConfig itself. */
const handledKeys = new Set([
  'apiBaseUrl',
  'apiHost',
  'apiKeyEnvar',
  'headers',
  'cost',
  'inputCost',
  'outputCost',
  'response_format',
  'generationConfig',
]);

/** What to do instead, for keys users often set. */
const hints: Record<string, string> = {
  region: 'yardstick reads the AWS region from AWS_REGION',
  apiVersion:
    'the azure provider takes the api-version in its endpoint (baseUrl: https://<resource>.openai.azure.com/openai?api-version=…), so give apiHost with it',
  projectId: 'Vertex AI is called as the Gemini API, without a Google Cloud project',
};

export const reportOtherKeys = (
  config: Record<string, unknown>,
  place: Place,
  context: ImportContext,
  at: PathSegment[],
  /** Keys mapProviderConfig carried over in this config (beyond the ones it always reads). */
  applied: ReadonlySet<string> = new Set(),
): void => {
  const unknown: string[] = [];
  for (const key of Object.keys(config)) {
    if (optionKeys[key] !== undefined || handledKeys.has(key) || applied.has(key)) continue;
    const hint = hints[key];
    if (hint !== undefined)
      context.notes.leftOut(childPlace(place, key), `"${key}" has no setting here: ${hint}`, at);
    else if (credential.test(key)) {
      const message = `"${key}" is a credential written in the config, which is not copied; export it in the environment (see apiKeyEnv)`;
      context.notes.leftOut(childPlace(place, key), message, at);
    } else unknown.push(key);
  }
  if (unknown.length > 0) {
    const keys = unknown.map((key) => `"${key}"`).join(', ');
    const verb = unknown.length > 1 ? 'have' : 'has';
    context.notes.leftOut(place, `provider config ${keys} ${verb} no yardstick equivalent`, at);
  }
};
