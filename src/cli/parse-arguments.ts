// Thin wrapper over node:util parseArgs that turns its errors into configuration errors with a stable code.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { YardstickError } from '../spec/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export const parseArguments = <T extends Options>(argv: string[], options: T, command: string) => {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new YardstickError('E_CONFIG', `${command}: ${message}; see \`yardstick ${command} --help\``);
  }
};

/** Parses a whole number option such as `--repeat 3`, naming the option when it is not one. */
export const parseCount = (value: string | undefined, option: string, minimum = 1): number | undefined => {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum) {
    throw new YardstickError(
      'E_CONFIG',
      `${option} takes a whole number of at least ${minimum}, got "${value}"`,
    );
  }
  return parsed;
};

export const parseFraction = (value: string | undefined, option: string): number | undefined => {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1) {
    throw new YardstickError(
      'E_CONFIG',
      `${option} takes a number between 0 and 1 (e.g. 0.9), got "${value}"`,
    );
  }
  return parsed;
};
