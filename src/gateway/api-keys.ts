// Gateway API keys: `ys_<id>_<secret>`. Only the sha256 of the whole key is stored; a presented key is looked
// up by its id and its hash compared in constant time.
import crypto, { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { YardstickError } from '../spec/errors.js';
import type { ApiKeyRow, BudgetPeriod, GatewayStore } from '../store/contract/gateway-store.js';

const keyPattern = /^ys_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

const zeroHash = Buffer.alloc(32);

// Every request's key is hashed: the one-shot crypto.hash (Node 20.12 and later) costs about half of a Hash object.
const sha256 =
  typeof crypto.hash === 'function'
    ? (text: string): Buffer => crypto.hash('sha256', text, 'buffer')
    : (text: string): Buffer => createHash('sha256').update(text).digest();

export interface NewKeyOptions {
  name: string;
  budget?: { usd: number; period: BudgetPeriod };
  rpm?: number;
  tpm?: number;
  routes?: string[];
  expiresAt?: string;
}

/** Creates a key; the secret is returned once and never stored. A name a live key has is refused (E_CONFIG). */
export const createApiKey = async (
  store: GatewayStore,
  options: NewKeyOptions,
  now = new Date(),
): Promise<{ key: string; row: ApiKeyRow }> => {
  if (/^[0-9a-f]{12}$/.test(options.name)) {
    // `keys revoke` takes a name or an id: a name that looks like an id could name two keys
    throw new YardstickError(
      'E_CONFIG',
      `--name ${options.name} looks like a key id (12 hex digits); choose a name with other characters, e.g. team-a`,
    );
  }
  const id = randomBytes(6).toString('hex');
  const key = `ys_${id}_${randomBytes(32).toString('base64url')}`;
  const row: ApiKeyRow = {
    id,
    name: options.name,
    secretSha256: hashKey(key),
    createdAt: now.toISOString(),
    expiresAt: options.expiresAt ?? null,
    revokedAt: null,
    budgetUsd: options.budget?.usd ?? null,
    budgetPeriod: options.budget?.period ?? null,
    rpm: options.rpm ?? null,
    tpm: options.tpm ?? null,
    routes: options.routes ?? null,
  };
  const stored = await store.insertKey(row);
  if (!stored.inserted) {
    const { sameName } = stored;
    throw new YardstickError(
      'E_CONFIG',
      `a key named "${options.name}" already exists (id ${sameName.id}, created ${sameName.createdAt.slice(0, 10)}); choose another --name, or revoke that key first: yardstick keys revoke ${sameName.id}`,
    );
  }
  return { key, row };
};

export type KeyCheck = { ok: true; key: ApiKeyRow } | { ok: false; message: string };

/** Why a presented key is refused, or the key, reading the store every time. */
export const checkApiKey = async (
  store: GatewayStore,
  presented: string | undefined,
  now = Date.now(),
): Promise<KeyCheck> => {
  if (presented === undefined || presented === '') return missingKey;
  const id = idOf(presented);
  const row = id === undefined ? undefined : await store.getKey(id);
  return verifyKey(presented, row && { row, hash: Buffer.from(row.secretSha256, 'hex') }, now);
};

/** A key row with its stored hash as bytes, ready to compare. */
interface KnownKey {
  row: ApiKeyRow;
  hash: Buffer;
}

type Lookup = KnownKey | undefined | Promise<KnownKey | undefined>;

/** The store could not be read and the key is not known from before: the request cannot be checked now. */
export class KeyStoreUnavailable extends Error {}

/**
 * The same check with the key rows cached for as long as the store's keys version stays the same: any commit
 * by another connection (a `keys revoke` in another terminal) or a key write through this one changes it,
 * so a revocation still applies to the very next request. A request waits only for what is not known yet.
 * While the store cannot be read (a database outage), keys are checked against the rows read before it went
 * (a key revoked meanwhile is honoured once it is back); a key never seen before is `KeyStoreUnavailable`.
 * `onStore` hears when reading the store starts failing and when it works again.
 */
export const createKeyChecker = (
  store: GatewayStore,
  onStore: (state: { up: true } | { up: false; reason: string }) => void = () => {},
) => {
  const cache = new Map<string, { version: number; known: Lookup }>();
  /** The last row read of each key, kept for an outage. */
  const lastRead = new Map<string, KnownKey>();
  let down = false;
  const failed = (error: unknown): void => {
    if (down) return;
    down = true;
    onStore({ up: false, reason: error instanceof Error ? error.message : String(error) });
  };
  const worked = (): void => {
    if (!down) return;
    down = false;
    onStore({ up: true });
  };
  // read once per event-loop turn: the requests of one turn share the one read (and wait for it together), and
  // the next turn sees any new commit
  let turnVersion: number | Promise<number> | undefined;
  const keysVersion = (): number | Promise<number> => {
    if (turnVersion === undefined) {
      const reading = store.keysVersion().then(
        (version) => {
          worked();
          if (turnVersion === reading) turnVersion = version;
          return version;
        },
        (error: unknown) => {
          failed(error);
          // -1 matches no cached entry: each key falls back to its last row read
          return -1;
        },
      );
      turnVersion = reading;
      setImmediate(() => {
        turnVersion = undefined;
      });
    }
    return turnVersion;
  };
  /** The key of `id` at `version`: cached, or one read that requests for the same id share. */
  const lookUp = (id: string, version: number): Lookup => {
    const cached = cache.get(id);
    if (cached !== undefined && cached.version === version) return cached.known;
    if (version === -1) {
      const before = lastRead.get(id);
      if (before !== undefined) return before;
    }
    const entry: { version: number; known: Lookup } = { version, known: undefined };
    entry.known = store.getKey(id).then(
      (row) => {
        const known = row && { row, hash: Buffer.from(row.secretSha256, 'hex') };
        // an unknown id is not kept, so random ids cannot grow the cache
        if (cache.get(id) === entry) {
          if (known === undefined) cache.delete(id);
          else entry.known = known;
        }
        if (known === undefined) lastRead.delete(id);
        else lastRead.set(id, known);
        return known;
      },
      (error: unknown) => {
        if (cache.get(id) === entry) cache.delete(id);
        failed(error);
        const before = lastRead.get(id);
        if (before !== undefined) return before;
        throw new KeyStoreUnavailable(
          `the key store cannot be read (${error instanceof Error ? error.message : String(error)}) and this key was not checked before it went; try again shortly`,
        );
      },
    );
    cache.set(id, entry);
    return entry.known;
  };
  const check = (
    presented: string,
    id: string,
    version: number,
    now: number,
  ): KeyCheck | Promise<KeyCheck> => {
    const found = lookUp(id, version);
    return found instanceof Promise
      ? found.then((known) => verifyKey(presented, known, now))
      : verifyKey(presented, found, now);
  };
  // a promise only while something is being read: a request whose turn already has the version and whose key
  // is cached is checked without one
  return (presented: string | undefined, now = Date.now()): KeyCheck | Promise<KeyCheck> => {
    if (presented === undefined || presented === '') return missingKey;
    const id = idOf(presented);
    if (id === undefined) return verifyKey(presented, undefined, now);
    const version = keysVersion();
    return typeof version === 'number'
      ? check(presented, id, version, now)
      : version.then((read) => check(presented, id, read, now));
  };
};

const missingKey: KeyCheck = {
  ok: false,
  message: 'missing API key; send it as "Authorization: Bearer <key>" or "x-api-key: <key>"',
};

const idOf = (presented: string): string | undefined => keyPattern.exec(presented)?.[1];

/** The key's row was looked up by its public id; the secret's hash is compared in constant time. */
const verifyKey = (presented: string, known: KnownKey | undefined, now: number): KeyCheck => {
  // hashed and compared even for an unknown id, so the time taken does not tell which ids exist
  const equal = timingSafeEqual(known?.hash ?? zeroHash, sha256(presented));
  const row = known?.row;
  if (!row || !equal) return { ok: false, message: 'invalid API key' };
  if (row.revokedAt !== null) return { ok: false, message: `API key "${row.name}" was revoked` };
  if (row.expiresAt !== null && Date.parse(row.expiresAt) <= now) {
    return { ok: false, message: `API key "${row.name}" expired at ${row.expiresAt}` };
  }
  return { ok: true, key: row };
};

/** `50/day` or `200/month` (USD). */
export const parseBudget = (text: string): { usd: number; period: BudgetPeriod } => {
  const match = /^\$?(\d+(?:\.\d+)?)\s*\/\s*(day|month)$/.exec(text.trim());
  const usd = Number(match?.[1]);
  if (!match || !(usd > 0)) {
    throw new YardstickError(
      'E_CONFIG',
      `--budget-usd takes an amount per day or month, e.g. 50/day or 200/month; got "${text}"`,
    );
  }
  return { usd, period: match[2] as BudgetPeriod };
};

const dayMs = 86_400_000;
// the starts of the last day asked about and of its month: every budgeted request asks, nearly always for today
let startsOf = { day: Number.NaN, dayStart: '', monthStart: '' };

/** Start of the budget period that contains `now` (a Date or epoch milliseconds), in UTC. */
export const periodStart = (period: BudgetPeriod, now: Date | number): string => {
  const at = typeof now === 'number' ? now : now.getTime();
  const day = Math.floor(at / dayMs);
  if (day !== startsOf.day) {
    const date = new Date(day * dayMs);
    startsOf = {
      day,
      dayStart: date.toISOString(),
      monthStart: new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)).toISOString(),
    };
  }
  return period === 'day' ? startsOf.dayStart : startsOf.monthStart;
};

/** Start of the budget period after the one that contains `now`: when a spent budget is open again. */
export const nextPeriodStart = (period: BudgetPeriod, now: Date): string => {
  const day = period === 'day' ? now.getUTCDate() + 1 : 1;
  const month = period === 'day' ? now.getUTCMonth() : now.getUTCMonth() + 1;
  return new Date(Date.UTC(now.getUTCFullYear(), month, day)).toISOString();
};
