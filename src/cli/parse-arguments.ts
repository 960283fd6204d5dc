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

/** Parses a whole number option such as `--repeat 3`, naming the option and its bounds when it is not one. */
export const parseCount = (
  value: string | undefined,
  option: string,
  minimum = 1,
  maximum = Number.MAX_SAFE_INTEGER,
): number | undefined => {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum || parsed > maximum) {
    const range =
      maximum === Number.MAX_SAFE_INTEGER ? `of at least ${minimum}` : `from ${minimum} to ${maximum}`;
    throw new YardstickError('E_CONFIG', `${option} takes a whole number ${range}, got "${value}"`);
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

const durationUnits = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * A moment given as a duration from now (`30m`, `12h`, `7d`; `direction` -1 for the past) or as a date, as ISO
 * text; `example` completes the error message, e.g. `--since takes 30m, 1h, 7d or a date`.
 */
export const parseMoment = (
  text: string,
  option: string,
  direction: 1 | -1,
  example: string,
  now = Date.now(),
): string => {
  const match = /^(\d+)\s*([mhd])$/.exec(text.trim());
  if (match) {
    const unit = durationUnits[match[2] as keyof typeof durationUnits];
    return new Date(now + direction * Number(match[1]) * unit).toISOString();
  }
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new YardstickError('E_CONFIG', `${option} takes ${example}; got "${text}"`);
  return new Date(at).toISOString();
};
