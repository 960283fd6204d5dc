import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isYardstickError } from '../spec/errors.js';
import { loadGatewayConfig, parseSecretsFile } from './load-gateway-config.js';

const write = (text: string): string => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'yardstick-gwconfig-')), 'gateway.yaml');
  writeFileSync(file, text);
  return file;
};

const failure = async (text: string): Promise<string> => {
  try {
    await loadGatewayConfig(write(text));
  } catch (error) {
    // the gateway's own code, not the suite's E_SUITE_INVALID
    if (isYardstickError(error) && error.code === 'E_GATEWAY_CONFIG') return error.message;
    throw error;
  }
  throw new Error('expected the config to be refused');
};

describe('loadGatewayConfig', () => {
  it('reads shared limits and the Redis cache, with their defaults', async () => {
    const loaded = await loadGatewayConfig(
      write(
        'limits:\n  redis: redis://10.0.0.5:6379/2\n  onRedisDown: { rateLimits: closed }\ncache: { store: redis }\n',
      ),
    );
    expect(loaded.config.limits).toEqual({
      redis: 'redis://10.0.0.5:6379/2',
      prefix: 'yardstick:',
      timeoutMs: 500,
      holdSeconds: 900,
      onRedisDown: { budgets: 'closed', rateLimits: 'closed' },
    });
    expect(loaded.config.cache).toEqual({ store: 'redis', maxEntryBytes: 1024 * 1024 });
  });

  it('names the field of a Redis setting that cannot work, and how to fix it', async () => {
    expect(await failure('cache:\n  store: redis\n')).toMatch(
      /gateway\.yaml:2:\d+ cache\.store.*set cache\.redis, or limits\.redis/,
    );
    expect(await failure('limits:\n  redis: 127.0.0.1:6379\n')).toMatch(
      /gateway\.yaml:2:\d+ limits\.redis.*expected a Redis URL, e\.g\. redis:\/\/127\.0\.0\.1:6379\/0/,
    );
    expect(await failure('limits:\n  redis: redis://r:6379\n  onRedisDown: { budgets: maybe }\n')).toMatch(
      /gateway\.yaml:3:\d+ limits\.onRedisDown\.budgets/,
    );
  });

  it('says a YAML syntax error in gateway.yaml under the gateway config code, with its line', async () => {
    expect(await failure('routes:\n  chat:\n    targets: [ { model: openai:gpt-4o }\n')).toMatch(
      /gateway\.yaml:\d+:\d+ syntax: .*check indentation, quotes and brackets/,
    );
    expect(await failure('routes: {}\nroutes: {}\n')).toMatch(/gateway\.yaml:2:\d+ syntax: /);
  });

  it('refuses provider headers the HTTP client must set itself, or that HTTP does not allow, naming the line', async () => {
    expect(
      await failure('providers:\n  local:\n    type: openai\n    headers: { Transfer-Encoding: chunked }\n'),
    ).toMatch(
      /gateway\.yaml:4:\d+ providers\.local\.headers\.Transfer-Encoding: header "Transfer-Encoding" cannot be set here/,
    );
    expect(await failure('providers:\n  local: { type: openai, headers: { X-Team: "a\\nb" } }\n')).toMatch(
      /gateway\.yaml:2:\d+ providers\.local\.headers\.X-Team: the value has a line break/,
    );
    expect(
      await failure(
        'tracing:\n  otlp:\n    endpoint: http://127.0.0.1:4318/v1/traces\n    headers: { "bad name": x }\n',
      ),
    ).toMatch(/gateway\.yaml:4:\d+ tracing\.otlp\.headers\.bad name: header name "bad name"/);
  });

  it('resolves route targets through the providers section, with weights and prices', async () => {
    const loaded = await loadGatewayConfig(
      write(`providers:
  openai: { apiKeyEnv: OPENAI_API_KEY }
  local: { type: openai, baseUrl: http://127.0.0.1:8000/v1 }
routes:
  summarize:
    mode: loadbalance
    targets:
      - { model: openai:gpt-4o-mini, weight: 3 }
      - { model: local:qwen2.5-7b-instruct, weight: 1, price: { input: 0.1, output: 0.1 } }
    fallbackOn: [429, 5xx, timeout]
    timeoutMs: 30000
    cache: { ttlSeconds: 3600 }
`),
    );
    const route = loaded.routes.get('summarize');
    expect(route?.mode).toBe('loadbalance');
    expect(route?.fallbackOn).toEqual(['429', '5xx', 'timeout']);
    expect(route?.targets.map((target) => [target.config.id, target.weight])).toEqual([
      ['openai:gpt-4o-mini', 3],
      ['openai:qwen2.5-7b-instruct', 1],
    ]);
    expect(route?.targets[1]?.config).toMatchObject({
      baseUrl: 'http://127.0.0.1:8000/v1',
      price: { input: 0.1, output: 0.1 },
    });
    expect(loaded.config.server).toEqual({
      host: '127.0.0.1',
      port: 4141,
      maxBodyBytes: 4 * 1024 * 1024,
      drainTimeoutMs: 30_000,
    });
  });

  it('names the file, line and field of a target whose provider is unknown, with a suggestion', async () => {
    const message = await failure(`providers:
  local: { type: openai, baseUrl: http://127.0.0.1:8000/v1 }
routes:
  chat:
    targets:
      - { model: locla:qwen }
`);
    expect(message).toMatch(
      /gateway\.yaml:6:18 routes\.chat\.targets\.0\.model: unknown provider "locla"; did you mean "local"\?/,
    );
  });

  it('refuses an unknown field and a wrong fallback kind with their positions', async () => {
    const message = await failure(`routes:
  chat:
    targets: [{ model: openai:gpt-4o-mini }]
    fallbackOn: [500]
    timeout: 100
`);
    expect(message).toContain('gateway.yaml:4:18 routes.chat.fallbackOn[0]');
    expect(message).toMatch(
      /gateway\.yaml:5:5 routes\.chat\.timeout: unknown field; did you mean "timeoutMs"\?/,
    );
  });
});

describe('route modes', () => {
  it('loads the quick start of docs/gateway.md as written', async () => {
    const docs = readFileSync(new URL('../../docs/gateway.md', import.meta.url), 'utf8');
    const yaml = /```yaml\n(# gateway\.yaml\n[\s\S]*?)```/.exec(docs)?.[1];
    expect(yaml).toBeDefined();
    const loaded = await loadGatewayConfig(write(yaml ?? ''));
    expect(loaded.routes.get('summarize')?.mode).toBe('fallback');
    expect(loaded.routes.get('classify')?.targets.map((target) => target.weight)).toEqual([3, 1, 0]);
  });

  it('defaults to fallback, and accepts weight 0 for a standby in loadbalance mode', async () => {
    const loaded = await loadGatewayConfig(
      write(`routes:
  plain:
    targets: [{ model: openai:gpt-4o-mini }, { model: openai:gpt-4o }]
  spread:
    mode: loadbalance
    targets:
      - { model: openai:gpt-4o-mini, weight: 2 }
      - { model: openai:gpt-4o }
      - { model: anthropic:claude-haiku-4-5, weight: 0 }
`),
    );
    expect(loaded.routes.get('plain')?.mode).toBe('fallback');
    expect(loaded.routes.get('spread')?.targets.map((target) => target.weight)).toEqual([2, 1, 0]);
  });

  it('refuses a weight on a route that tries its targets in order, saying how to fix it', async () => {
    const message = await failure(`routes:
  chat:
    targets:
      - { model: openai:gpt-4o-mini, weight: 3 }
      - { model: openai:gpt-4o }
`);
    expect(message).toMatch(
      /gateway\.yaml:4:46 routes\.chat\.targets\.0\.weight: a weight spreads first attempts only with mode: loadbalance .*; add mode: loadbalance to the route, or remove the weight/,
    );
  });

  it('refuses a loadbalance route whose every target has weight 0, and an unknown mode', async () => {
    const zero = await failure(`routes:
  chat:
    mode: loadbalance
    targets: [{ model: openai:gpt-4o-mini, weight: 0 }]
`);
    expect(zero).toContain('routes.chat.targets: every target has weight 0');
    const unknown = await failure(
      'routes:\n  chat:\n    mode: cheapest\n    targets: [{ model: openai:gpt-4o-mini }]\n',
    );
    expect(unknown).toMatch(/gateway\.yaml:3:11 routes\.chat\.mode: .*fallback.*loadbalance/);
  });
});

describe('parseSecretsFile', () => {
  it('reads NAME=value lines and never echoes a bad line', async () => {
    expect(parseSecretsFile('# keys\nOPENAI_API_KEY=sk-1\nexport B="two"\n\n', 's.env')).toEqual({
      OPENAI_API_KEY: 'sk-1',
      B: 'two',
    });
    expect(() => parseSecretsFile('sk-secret-without-name', 's.env')).toThrow(
      expect.objectContaining({ code: 'E_GATEWAY_CONFIG', message: 's.env:1: expected NAME=value' }),
    );
  });
});

describe('the store in gateway.yaml', () => {
  const routes = 'routes:\n  chat:\n    targets: [{ model: openai:gpt-4o-mini }]\n';

  it('resolves a SQLite store next to the config file, under store: or its older name database:', async () => {
    const file = write(`store: sqlite:data/yardstick.db\n${routes}`);
    const loaded = await loadGatewayConfig(file);
    expect(loaded.config.store).toBe(path.join(path.dirname(file), 'data', 'yardstick.db'));
    const older = write(`database: data/yardstick.db\n${routes}`);
    expect((await loadGatewayConfig(older)).config.store).toBe(
      path.join(path.dirname(older), 'data', 'yardstick.db'),
    );
  });

  it('keeps a PostgreSQL URL as it is', async () => {
    const loaded = await loadGatewayConfig(write(`store: postgres://ys@db:5432/ys\n${routes}`));
    expect(loaded.config.store).toBe('postgres://ys@db:5432/ys');
  });

  it('refuses a store it cannot open at its line, without the password', async () => {
    const message = await failure(`${routes}store: mysql://ys:hunter2@db/ys\n`);
    expect(message).toMatch(/gateway\.yaml:4:\d+ store: "mysql:\/\/ys:\*\*\*@db\/ys" is not a store/);
    expect(message).not.toContain('hunter2');
  });

  it('refuses store: and database: naming two stores', async () => {
    expect(await failure(`store: a.db\ndatabase: b.db\n${routes}`)).toMatch(
      /store and database name two stores/,
    );
  });
});
