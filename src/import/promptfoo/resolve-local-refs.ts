// promptfoo dereferences JSON references before reading a config; the import follows the local ones
// (`$ref: '#/assertionTemplates/polite'`, with keys beside it added), so shared assertions are mapped where used.

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const maxDepth = 50;

/** Values the resolved config may hold: references to references can multiply like YAML aliases. */
export const maxResolvedValues = 1_000_000;

const pointerTarget = (root: unknown, pointer: string): unknown => {
  let value = root;
  for (const raw of pointer.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isRecord(value) && !Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
};

/**
 * A copy of `root` with every `{ $ref: '#/…' }` replaced by what it points to; other refs stay as they are.
 * `tooLarge` when the references would expand past `maxResolvedValues` (the rest are then left unresolved).
 */
export const resolveLocalRefs = (root: unknown): { value: unknown; tooLarge: boolean } => {
  let count = 0;
  const visit = (value: unknown, depth: number): unknown => {
    count++;
    if (depth > maxDepth || count > maxResolvedValues) return value;
    if (Array.isArray(value)) return value.map((item) => visit(item, depth + 1));
    if (!isRecord(value)) return value;
    const { $ref: ref, ...siblings } = value;
    if (typeof ref === 'string' && ref.startsWith('#/')) {
      const target = visit(pointerTarget(root, ref), depth + 1);
      if (target === undefined) return value;
      // keys beside the $ref extend the target, as promptfoo's dereferencing does
      if (Object.keys(siblings).length === 0) return target;
      return isRecord(target)
        ? { ...target, ...(visit(siblings, depth + 1) as Record<string, unknown>) }
        : value;
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, visit(item, depth + 1)]));
  };
  const value = visit(root, 0);
  return { value, tooLarge: count > maxResolvedValues };
};
