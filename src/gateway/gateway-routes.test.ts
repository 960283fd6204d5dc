// Route modes as clients meet them, through the official openai client: a plain list of targets is a fallback
// chain (the second target only when the first fails), `mode: loadbalance` spreads first attempts by weight, a
// weight-0 target is a standby used only as a fallback, and a target that keeps failing is skipped a while.
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeServer, openaiChatCompletion, startFakeServer } from '../testing/fake-server.js';
import { openaiProviders, startTestGateway, type TestGateway } from './test-gateway.js';

const opened: TestGateway[] = [];
afterEach(async () => {
  for (const gateway of opened.splice(0)) await gateway.close();
});

const answering = (content: string) =>
  startFakeServer({ status: 200, json: openaiChatCompletion({ content }) });

const gatewayOver = async (upstreams: FakeServer[], route: string) => {
  const gateway = await startTestGateway(`${openaiProviders(...upstreams)}routes:\n  chat:\n${route}`, {
    upstreams,
  });
  opened.push(gateway);
  return gateway;
};

/** `count` requests, `concurrency` at a time, through the openai client; the answers' contents. */
const askMany = async (gateway: TestGateway, count: number, concurrency = 16): Promise<string[]> => {
  const client = new OpenAI({ apiKey: gateway.key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  const answers: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      const completion = await client.chat.completions.create({
        model: 'chat',
        messages: [{ role: 'user', content: 'hi' }],
      });
      answers.push(completion.choices[0]?.message.content ?? '');
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return answers;
};

describe('route modes', () => {
  it('sends all of 1,000 requests on a two-target route without mode to the first target while it is healthy', async () => {
    const [first, second] = [await answering('first'), await answering('second')];
    const gateway = await gatewayOver(
      [first, second],
      '    targets:\n      - { model: up:primary }\n      - { model: up1:secondary }\n',
    );
    const answers = await askMany(gateway, 1_000);
    expect(answers).toHaveLength(1_000);
    expect(answers.every((answer) => answer === 'first')).toBe(true);
    expect(second.requests).toHaveLength(0);
    // the second target is there for when the first fails
    first.respondWith({ status: 503, json: { error: { message: 'overloaded' } } });
    expect(await askMany(gateway, 5, 1)).toEqual(Array(5).fill('second'));
  });

  it('spreads first attempts by weight in loadbalance mode, and keeps a weight-0 standby for fallbacks', async () => {
    const [a, b, standby] = [await answering('a'), await answering('b'), await answering('standby')];
    const gateway = await gatewayOver(
      [a, b, standby],
      '    mode: loadbalance\n    targets:\n      - { model: up:a, weight: 1 }\n      - { model: up1:b, weight: 1 }\n' +
        '      - { model: up2:standby, weight: 0 }\n',
    );
    const answers = await askMany(gateway, 1_000);
    const share = (name: string) => answers.filter((answer) => answer === name).length / answers.length;
    // 1,000 fair draws: each share within 0.5 ± 0.08 unless something is wrong (p < 1e-6)
    expect(share('a')).toBeGreaterThan(0.42);
    expect(share('b')).toBeGreaterThan(0.42);
    expect(standby.requests).toHaveLength(0);
    for (const failing of [a, b]) failing.respondWith({ status: 503, json: { error: { message: 'down' } } });
    expect(await askMany(gateway, 5, 1)).toEqual(Array(5).fill('standby'));
  });

  it('skips a target that keeps failing for its cool-down, in the trace and /metrics, then tries it again', async () => {
    const [flaky, steady] = [await answering('flaky'), await answering('steady')];
    flaky.respondWith({ status: 503, json: { error: { message: 'overloaded' } } });
    const gateway = await gatewayOver(
      [flaky, steady],
      '    circuitBreaker: { failures: 3, coolDownMs: 400 }\n' +
        '    targets:\n      - { model: up:flaky }\n      - { model: up1:steady }\n',
    );
    expect(await askMany(gateway, 3, 1)).toEqual(Array(3).fill('steady'));
    expect(flaky.requests).toHaveLength(3);
    // the circuit is open: the next requests go straight to the fallback
    expect(await askMany(gateway, 4, 1)).toEqual(Array(4).fill('steady'));
    expect(flaky.requests).toHaveLength(3);
    const metrics = await fetch(`${gateway.url}/metrics`).then((response) => response.text());
    expect(metrics).toContain('yardstick_gateway_circuits_open 1');
    expect(metrics).toContain('yardstick_gateway_circuit_skips_total 4');
    // after the cool-down one trial request tries it again; it has recovered, so the circuit closes
    flaky.respondWith({ status: 200, json: openaiChatCompletion({ content: 'flaky' }) });
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await askMany(gateway, 2, 1)).toEqual(['flaky', 'flaky']);
    await gateway.server.close();
    const skipped = (await gateway.traces()).filter((trace) =>
      trace.attempts[0]?.error?.startsWith('skipped: circuit open'),
    );
    expect(skipped).toHaveLength(4);
    expect(skipped[0]?.attempts.map((attempt) => [attempt.model, attempt.status])).toEqual([
      ['flaky', 0],
      ['steady', 200],
    ]);
  });
});
