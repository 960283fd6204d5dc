// Resolves and imports the user's module once, finding its default export or named `call`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { YardstickError } from '../../spec/errors.js';

export type UserFunction = (input: unknown) => unknown;

/** Resolves the file against the suite directory; a missing file is a configuration error, reported at once. */
export const resolveFunctionPath = (file: string, baseDir: string): string => {
  const resolved = path.resolve(baseDir, file);
  if (!existsSync(resolved)) {
    throw new YardstickError(
      'E_CONFIG',
      `function provider: file not found: ${resolved} (paths are relative to the suite)`,
    );
  }
  return resolved;
};

export const loadFunctionModule = async (resolvedPath: string): Promise<UserFunction> => {
  let moduleValue: Record<string, unknown>;
  try {
    moduleValue = (await import(pathToFileURL(resolvedPath).href)) as Record<string, unknown>;
  } catch (error) {
    if (!existsSync(resolvedPath)) {
      throw new YardstickError('E_CONFIG', `function provider: file not found: ${resolvedPath}`);
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new YardstickError('E_USER_CODE', `could not load ${resolvedPath}: ${reason}`, { cause: error });
  }
  const candidate = typeof moduleValue.default === 'function' ? moduleValue.default : moduleValue.call;
  if (typeof candidate !== 'function') {
    throw new YardstickError(
      'E_CONFIG',
      `${resolvedPath} must export a default async function (or a named export \`call\`) that takes { messages, vars, prompt, options }`,
    );
  }
  return candidate as UserFunction;
};
