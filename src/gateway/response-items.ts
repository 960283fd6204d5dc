// The text of recent Responses API message items, per API key, so that a client may refer back to them with
// `{"type":"item_reference","id":"msg_…"}` — what the AI SDK sends for earlier assistant turns by default. Held
// in this process's memory only, bounded by count, size and age; a reference that is not here gets a 400.

import { GatewayError } from './gateway-errors.js';
import type { ChatRequest } from './wire/wire-protocol.js';

export interface ResponseItemsOptions {
  maxEntries?: number;
  /** The most characters of text held in all. */
  maxChars?: number;
  ttlMs?: number;
  now?: () => number;
}

interface Entry {
  keyId: string;
  text: string;
  expiresAt: number;
}

/**
 * @example
 * const items = createResponseItems();
 * items.resolve(key.id, request); // fills item references, or throws a 400 naming the one not found
 * request.keepItem = (id, text) => items.remember(key.id, id, text);
 */
export const createResponseItems = ({
  maxEntries = 10_000,
  maxChars = 16_000_000,
  ttlMs = 3_600_000,
  now = Date.now,
}: ResponseItemsOptions = {}) => {
  const entries = new Map<string, Entry>();
  let chars = 0;
  const drop = (id: string, entry: Entry): void => {
    entries.delete(id);
    chars -= entry.text.length;
  };
  return {
    remember(keyId: string, itemId: string, text: string): void {
      if (text.length > maxChars) return;
      const old = entries.get(itemId);
      if (old) drop(itemId, old);
      entries.set(itemId, { keyId, text, expiresAt: now() + ttlMs });
      chars += text.length;
      // a Map iterates in insertion order: the first entries are the oldest
      for (const [id, entry] of entries) {
        if (entries.size <= maxEntries && chars <= maxChars) break;
        drop(id, entry);
      }
    },
    /** The text of an item this key was answered with, while it is held. */
    recall(keyId: string, itemId: string): string | undefined {
      const entry = entries.get(itemId);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= now()) {
        drop(itemId, entry);
        return undefined;
      }
      return entry.keyId === keyId ? entry.text : undefined;
    },
    /** Fills the request's item references with the texts held for this key; a 400 for one not held. */
    resolve(keyId: string, request: ChatRequest): void {
      if (request.itemReferences === undefined) return;
      for (const reference of request.itemReferences) {
        const text = this.recall(keyId, reference.id);
        if (text === undefined) {
          throw new GatewayError(
            'invalid_request',
            `${reference.param}: item "${reference.id}" is not known to this gateway (it keeps recent answers for an hour, in memory); send the item's content instead (with the AI SDK, set providerOptions.openai.store to false)`,
            { param: reference.param },
          );
        }
        reference.message.content = text;
      }
    },
    size: () => entries.size,
  };
};

export type ResponseItems = ReturnType<typeof createResponseItems>;
