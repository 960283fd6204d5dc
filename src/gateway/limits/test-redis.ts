// For tests only: the Redis the tests share (127.0.0.1:6379, or YARDSTICK_TEST_REDIS), a fresh key prefix per
// test, removed afterwards, and a TCP proxy in front of Redis that a test can cut and restore. Without Redis the
// tests fail under CI=true and are skipped, saying why, elsewhere.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { startTcpProxy, type TcpProxy } from '../../testing/tcp-proxy.js';

export const testRedisUrl = process.env.YARDSTICK_TEST_REDIS ?? 'redis://127.0.0.1:6379/0';

/** True when the tests' Redis answers; under CI=true, an error when it does not. */
export const requireRedis = async (): Promise<boolean> => {
  const probe = new Redis(testRedisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    retryStrategy: () => null,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `Redis at ${testRedisUrl} is unreachable (${reason}); start one, or set YARDSTICK_TEST_REDIS`;
    if (process.env.CI === 'true') throw new Error(`${message}: CI runs the shared-limits tests against it`);
    process.stderr.write(`skipping the shared-limits tests: ${message}\n`);
    return false;
  } finally {
    probe.disconnect();
  }
};

export const randomPrefix = (): string => `yardstick-test:${randomBytes(6).toString('hex')}:`;

/** Every key under `prefix`, for assertions on what the gateway left in Redis. */
export const keysUnder = async (prefix: string): Promise<string[]> => {
  const redis = new Redis(testRedisUrl);
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    return keys;
  } finally {
    redis.disconnect();
  }
};

/** Deletes every key under `prefix`. */
export const removePrefix = async (prefix: string): Promise<void> => {
  const keys = await keysUnder(prefix);
  if (keys.length === 0) return;
  const redis = new Redis(testRedisUrl);
  try {
    await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
};

export interface RedisProxy extends Omit<TcpProxy, 'port'> {
  url: string;
}

/** A TCP proxy to the tests' Redis on a free loopback port. */
export const startRedisProxy = async (): Promise<RedisProxy> => {
  const target = new URL(testRedisUrl);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
  return { ...proxy, url: `redis://127.0.0.1:${proxy.port}${target.pathname}` };
};
