// Expands `${env:NAME}` in a model's extra headers, so suites can name secrets without holding them.
import { YardstickError } from '../spec/errors.js';
import type { ModelConfig } from '../spec/model-config.js';

const reference = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

export const resolveHeaders = (
  config: ModelConfig,
  env: Record<string, string | undefined>,
): Record<string, string> | undefined => {
  if (config.headers === undefined) return undefined;
  const resolved: Record<string, string> = {};
  for (const [name, template] of Object.entries(config.headers)) {
    resolved[name] = template.replace(reference, (_, variable: string) => {
      const value = env[variable];
      if (value === undefined) {
        throw new YardstickError(
          'E_API_KEY_MISSING',
          `${variable} is not set (used in header "${name}" of model "${config.id}")`,
        );
      }
      return value;
    });
    // the suite's own text is checked at load; a variable's value can still hold a line break
    if (/[^\t\x20-\x7e\x80-\xff]/.test(resolved[name] ?? '')) {
      throw new YardstickError(
        'E_CONFIG',
        `header "${name}" of model "${config.id}" has a line break or control character after expanding \${env:…}; HTTP does not allow it`,
      );
    }
  }
  return resolved;
};
