// The connection's promises to an operator: a password in the URL never reaches the log, a dead Redis fails a
// command at once (never hangs a request), and the state is said once per change.
import { afterEach, describe, expect, it } from 'vitest';
import { describeRedisUrl, openRedisLink, type RedisLink } from './redis-link.js';

const opened: RedisLink[] = [];
afterEach(async () => {
  for (const link of opened.splice(0)) await link.close();
});

describe('the Redis link', () => {
  it('shows where Redis is without the password a URL carries', () => {
    expect(describeRedisUrl('redis://admin:s3cret-pass@10.0.0.5:6380/2')).toBe('redis://10.0.0.5:6380/2');
    expect(describeRedisUrl('not a url')).toBe('redis (unparsable URL)');
  });

  it('fails commands to an unreachable Redis at once, counts them, and logs the outage once', async () => {
    const logs: string[] = [];
    const link = openRedisLink({
      url: 'redis://admin:s3cret-pass@127.0.0.1:9/0',
      use: 'limits',
      timeoutMs: 50,
      log: (line) => logs.push(line),
      whileDown: 'budgets fail closed',
    });
    opened.push(link);
    expect(await link.ready(300)).toBe(false);
    const started = performance.now();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await expect(link.run((redis) => redis.get('x'))).rejects.toThrow();
    }
    expect(performance.now() - started).toBeLessThan(200);
    expect(link.isUp()).toBe(false);
    expect(link.metricsText()).toBe(
      'yardstick_redis_up{use="limits"} 0\nyardstick_redis_errors_total{use="limits"} 5\n',
    );
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(
      /^redis redis:\/\/127\.0\.0\.1:9\/0 \(limits\) is unreachable .*budgets fail closed$/,
    );
    expect(logs.join('\n')).not.toContain('s3cret');
  });
});
