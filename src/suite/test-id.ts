// Stable ids and hashes: sha256 over key-sorted JSON, so reordering keys in a file changes nothing.
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth; undefined fields are dropped as JSON.stringify does. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return inner;
    const entries = Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  });

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** `t-` and the first 10 hex digits of the hash of the test's own vars and asserts (before defaults), and messages. */
export const deriveTestId = (
  vars: Record<string, unknown>,
  assert: readonly unknown[],
  messages?: readonly unknown[],
): string =>
  `t-${sha256(canonicalJson(messages === undefined ? { vars, assert } : { vars, assert, messages })).slice(0, 10)}`;
