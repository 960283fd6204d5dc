// One connection to Redis for the gateway's shared limits or cache, that never holds a request up: commands fail
// at once while it is down (no offline queue) and after a short timeout when it stalls. It knows whether Redis is
// up, logs one line when that changes (not one per request), counts failed commands for /metrics, and
// reconnects on its own.
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';

export interface RedisLinkOptions {
  url: string;
  /** What it serves, in its log lines and metric labels, e.g. `limits` or `limits,cache`. */
  use: string;
  /** The longest a command may take before it counts as failed. */
  timeoutMs: number;
  log: (line: string) => void;
  /** What the gateway does while Redis is down, said in the line that reports it. */
  whileDown?: string;
}

export interface RedisLink {
  readonly client: Redis;
  /** Runs commands; a failure is counted, may mark Redis down, and is thrown on. */
  run<T>(command: (client: Redis) => Promise<T>): Promise<T>;
  isUp(): boolean;
  /** Calls `listener` each time Redis comes back after being down. */
  onBack(listener: () => void): void;
  /** Waits until the first connection is ready, up to `timeoutMs`; false if it is not. */
  ready(timeoutMs: number): Promise<boolean>;
  metricsText(): string;
  close(): Promise<void>;
}

/** Where Redis is, without the password a URL may carry: what log lines show. */
export const describeRedisUrl = (url: string): string => {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'redis (unparsable URL)';
  }
};

/** A Redis error reply (a script's bug, a wrong type) is not Redis being down. */
const isReply = (error: unknown): boolean => error instanceof Error && error.name === 'ReplyError';

/**
 * @example
 * const link = openRedisLink({ url: 'redis://127.0.0.1:6379/0', use: 'limits', timeoutMs: 50, log });
 * const value = await link.run((redis) => redis.get('yardstick:x'));
 */
export const openRedisLink = (options: RedisLinkOptions): RedisLink => {
  const where = `${describeRedisUrl(options.url)} (${options.use})`;
  // loaded when gateway.yaml asks for Redis, not by every gateway: the client costs about 19 MB and 40 ms at start
  const { Redis: Client } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
  const client = new Client(options.url, {
    commandTimeout: options.timeoutMs,
    enableOfflineQueue: false,
    // commands in flight when the connection drops fail at once rather than wait for a reconnection
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 100, 1_000),
  });
  let state: 'connecting' | 'up' | 'down' = 'connecting';
  let errors = 0;
  let closing = false;
  const backListeners: Array<() => void> = [];
  const markUp = (): void => {
    if (state === 'up') return;
    const wasDown = state === 'down';
    state = 'up';
    options.log(wasDown ? `redis ${where} is back` : `redis ${where} connected`);
    if (wasDown) for (const listener of backListeners) listener();
  };
  const markDown = (reason: string): void => {
    if (state === 'down' || closing) return;
    state = 'down';
    const meanwhile = options.whileDown ? `; until it is back, ${options.whileDown}` : '';
    options.log(`redis ${where} is unreachable (${reason})${meanwhile}`);
  };
  client.on('ready', markUp);
  // ioredis reports every failed reconnection here; the state says it once
  client.on('error', (error: Error) => markDown(error.message));
  client.on('close', () => markDown('connection closed'));

  return {
    client,
    async run(command) {
      try {
        const result = await command(client);
        if (state === 'down' && client.status === 'ready') markUp();
        return result;
      } catch (error) {
        errors += 1;
        if (!isReply(error)) markDown(error instanceof Error ? error.message : String(error));
        throw error;
      }
    },
    isUp: () => state === 'up',
    onBack(listener) {
      backListeners.push(listener);
    },
    ready(timeoutMs) {
      if (client.status === 'ready') return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          client.off('ready', onReady);
          resolve(false);
        }, timeoutMs);
        const onReady = (): void => {
          clearTimeout(timer);
          resolve(true);
        };
        client.once('ready', onReady);
      });
    },
    metricsText: () =>
      `yardstick_redis_up{use="${options.use}"} ${state === 'up' ? 1 : 0}\n` +
      `yardstick_redis_errors_total{use="${options.use}"} ${errors}\n`,
    async close() {
      closing = true;
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
};
