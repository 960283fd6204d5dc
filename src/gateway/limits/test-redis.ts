// For tests only: the Redis the tests share (127.0.0.1:6379, or YARDSTICK_TEST_REDIS), a fresh key prefix per
// test, removed afterwards, and a TCP proxy in front of Redis that a test can cut and restore. Without Redis the
// tests fail under CI=true and are skipped, saying why, elsewhere.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';

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

export interface RedisProxy {
  url: string;
  /** Drops every connection and refuses new ones, as a Redis that went away. */
  cut(): Promise<void>;
  /** Takes connections again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** A TCP proxy to the tests' Redis on a free loopback port. */
export const startRedisProxy = async (): Promise<RedisProxy> => {
  const target = new URL(testRedisUrl);
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  };
  let server: net.Server | undefined;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const opened = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 6379), target.hostname);
        track(client);
        track(upstream);
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      opened.once('error', reject);
      opened.listen(port, '127.0.0.1', () => {
        server = opened;
        const address = opened.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (server === undefined) return resolve();
      server.close(() => resolve());
      server = undefined;
    });
  const port = await listen(0);
  return {
    url: `redis://127.0.0.1:${port}${target.pathname}`,
    cut: stop,
    async restore() {
      await listen(port);
    },
    close: stop,
  };
};
