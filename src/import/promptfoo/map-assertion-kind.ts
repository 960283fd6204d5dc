// Each promptfoo assertion type both tools share, given its rendered value, as the yardstick assertion that
// decides the same way; every other type is named as having no equivalent.
import { parse as parseYaml } from 'yaml';
import type { AssertionConfig } from '../../spec/assertion.js';
import { splitCommaList } from './expected-cell.js';
import { containsJsonCheck, translateJavascript } from './translate-javascript.js';

export interface KindInput {
  /** The type without `not-`. */
  baseType: string;
  value: unknown;
  threshold: number | undefined;
  config: unknown;
  /** A `file://` path of the config as the suite must write it. */
  suitePath(file: string): string;
}

export type KindResult = { assertion: AssertionConfig; approximation?: string } | { reason: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asText = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' && !Number.isNaN(value)
      ? String(value)
      : undefined;

const needs = (type: string, what: string): KindResult => ({ reason: `${type} needs ${what}` });

const textList = (value: unknown): string[] | undefined => {
  const list =
    typeof value === 'string' ? splitCommaList(value) : Array.isArray(value) ? value.map(String) : undefined;
  return list !== undefined && list.length > 0 ? list : undefined;
};

const schemaOf = (value: unknown): Record<string, unknown> | undefined =>
  isRecord(value) ? value : undefined;

const javascriptCheck = ({ value, threshold, config, suitePath }: KindInput): KindResult => {
  if (typeof value !== 'string' || value.trim() === '') return needs('javascript', 'code or a file:// path');
  if (value.startsWith('file://')) {
    if (/\.(m|c)?js:\w+$/.test(value))
      return { reason: `javascript ${value} names a function; yardstick calls a module's default export` };
    if (!/\.(m|c)?js$/.test(value))
      return { reason: `javascript ${value} is not a JavaScript module Node can load` };
    return {
      assertion: { type: 'javascript', file: suitePath(value) },
      approximation:
        'a number the module returns passes at ≥ 0.5 in yardstick, > 0 (or ≥ threshold) in promptfoo; return a boolean or { pass } to decide alike',
    };
  }
  const translated = translateJavascript(value, threshold);
  const approximations = [
    translated.missingField && `context.${translated.missingField} is not available to yardstick checks`,
    isRecord(config) && /\bconfig\b/.test(value) && 'the assertion config is not passed',
  ].filter((item): item is string => typeof item === 'string');
  return {
    assertion: { type: 'javascript', value: translated.code },
    ...(approximations.length > 0 ? { approximation: approximations.join('; ') } : {}),
  };
};

export const mapTypedAssertion = (input: KindInput): KindResult => {
  const { baseType: type, value, threshold } = input;
  switch (type) {
    case 'equals': {
      if (isRecord(value) || Array.isArray(value)) return { assertion: { type, value } };
      if (value === undefined) return needs(type, 'a value');
      return { assertion: { type, value: String(value) } };
    }
    case 'contains':
    case 'icontains': {
      const text = asText(value);
      if (text === undefined || text === '') return needs(type, 'a text or number value');
      return {
        assertion: { type: 'contains', value: text, ...(type === 'icontains' ? { ignoreCase: true } : {}) },
      };
    }
    case 'contains-any':
    case 'contains-all':
    case 'icontains-any':
    case 'icontains-all': {
      const list = textList(value);
      if (list === undefined) return needs(type, 'a list of texts');
      const kind = type.endsWith('any') ? 'contains-any' : 'contains-all';
      return {
        assertion: { type: kind, value: list, ...(type.startsWith('i') ? { ignoreCase: true } : {}) },
      };
    }
    case 'regex':
    case 'starts-with':
      if (typeof value !== 'string' || value === '') return needs(type, 'a text value');
      return { assertion: { type, value } };
    case 'is-json': {
      if (value === undefined || value === null || value === '') return { assertion: { type } };
      const schema = schemaOf(typeof value === 'string' ? safeYaml(value) : value);
      return schema
        ? { assertion: { type: 'json-schema', value: schema } }
        : needs(type, 'a JSON schema object as its value');
    }
    case 'contains-json':
      if (value !== undefined && value !== null && value !== '')
        return { reason: 'contains-json with a schema has no yardstick equivalent' };
      return {
        assertion: { type: 'javascript', value: containsJsonCheck, label: 'contains-json' },
        approximation:
          'contains-json becomes a javascript check that is stricter (YAML-style objects and unclosed braces do not count)',
      };
    case 'javascript':
      return javascriptCheck(input);
    case 'similar':
    case 'similar:cosine': {
      if (typeof value !== 'string')
        return {
          reason: `${type} with ${Array.isArray(value) ? 'several reference texts' : 'no text value'} has no yardstick equivalent`,
        };
      const bounded = threshold === undefined ? 0.75 : threshold;
      if (bounded < 0 || bounded > 1) return needs(type, 'a threshold from 0 to 1');
      return { assertion: { type: 'similar', value, threshold: bounded } };
    }
    case 'llm-rubric': {
      if (typeof value !== 'string' || value === '') return needs(type, 'a rubric text');
      if (threshold !== undefined && (threshold < 0 || threshold > 1))
        return needs(type, 'a threshold from 0 to 1');
      return { assertion: { type, value, ...(threshold === undefined ? {} : { threshold }) } };
    }
    case 'cost':
      if (threshold === undefined || threshold < 0) return needs(type, 'a threshold in dollars');
      return { assertion: { type, maxUsd: threshold } };
    case 'latency':
      if (threshold === undefined || threshold <= 0)
        return needs(type, 'a threshold in milliseconds above 0');
      return { assertion: { type, maxMs: threshold } };
    default:
      return { reason: `assertion type "${type}" has no yardstick equivalent` };
  }
};

const safeYaml = (text: string): unknown => {
  try {
    return parseYaml(text);
  } catch {
    return undefined;
  }
};
