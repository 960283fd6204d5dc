// Monitored routes as an operator meets them: sampled answers scored off the request path with the suite's
// checks and stored with their trace, bodies kept only for samples (redacted), a failing judge leaving a sample
// unscored, a full queue dropping samples (counted, never blocking), and a shutdown that stores or counts them.
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { YardstickError } from '../spec/errors.js';
import type { MonitorSampleRow } from '../store/contract/monitor-store.js';
import {
  type FakeServer,
  openaiChatCompletion,
  openaiChatStream,
  startFakeServer,
} from '../testing/fake-server.js';
import { openaiProviders, startTestGateway, type TestGateway } from './test-gateway.js';

const opened: TestGateway[] = [];
afterEach(async () => {
  for (const gateway of opened.splice(0)) await gateway.close();
});

const answering = (content: string) =>
  startFakeServer({ status: 200, json: openaiChatCompletion({ content }) });

const judgeSays = (verdict: { pass: boolean; score: number; reason: string }, delayMs?: number) =>
  startFakeServer({
    status: 200,
    json: openaiChatCompletion({ content: JSON.stringify(verdict) }),
    ...(delayMs === undefined ? {} : { delayMs }),
  });

const monitored = async (upstreams: FakeServer[], route: string, extra = ''): Promise<TestGateway> => {
  const gateway = await startTestGateway(
    `${extra}${openaiProviders(...upstreams)}routes:\n  faq:\n${route}`,
    {
      upstreams,
    },
  );
  opened.push(gateway);
  return gateway;
};

const ask = (gateway: TestGateway, content: string) =>
  new OpenAI({ apiKey: gateway.key, baseURL: `${gateway.url}/v1`, maxRetries: 0 }).chat.completions.create({
    model: 'faq',
    messages: [
      { role: 'system', content: 'You answer questions about baggage.' },
      { role: 'user', content },
    ],
  });

/** Every sample stored, after the gateway drained (scored and stored, or counted as lost). */
const samplesAfterDrain = async (gateway: TestGateway): Promise<MonitorSampleRow[]> => {
  await gateway.server.close();
  const samples: MonitorSampleRow[] = [];
  for (const trace of await gateway.traces()) {
    const sample = await gateway.monitorStore.sample(trace.id);
    if (sample) samples.push(sample);
  }
  return samples;
};

const metricsOf = async (gateway: TestGateway): Promise<string> =>
  (await fetch(`${gateway.url}/metrics`)).text();

const route = (monitor: string, capture = false) =>
  `    targets: [{ model: up:gpt-4o-mini }]\n    capture: ${capture}\n    monitor:\n${monitor}`;

describe('monitored routes', () => {
  it('scores every sampled answer with the checks and keeps the conversation though capture is off', async () => {
    const upstream = await answering('I am not sure, please contact the airline.');
    const gateway = await monitored(
      [upstream],
      route('      sample: 1\n      assert:\n        - { type: contains, value: "not sure", not: true }\n'),
    );
    await ask(gateway, 'How many bags may I check?');
    upstream.respondWith({ status: 200, json: openaiChatCompletion({ content: 'Two bags of 23 kg each.' }) });
    await ask(gateway, 'And on a domestic flight?');
    const samples = await samplesAfterDrain(gateway);
    expect(samples).toHaveLength(2);
    const failed = samples.find((sample) => sample.pass === false);
    const passed = samples.find((sample) => sample.pass === true);
    expect(failed?.checks[0]?.reason).toContain('not: contains "not sure"');
    expect(failed?.messages).toEqual([
      { role: 'system', content: 'You answer questions about baggage.' },
      { role: 'user', content: 'How many bags may I check?' },
    ]);
    expect(failed?.output).toBe('I am not sure, please contact the airline.');
    expect(passed?.model).toBe('up:gpt-4o-mini');
    // the trace itself keeps no body: only the sample does
    expect(
      (await gateway.traces()).every((trace) => trace.requestJson === null && trace.responseJson === null),
    ).toBe(true);
  });

  it('samples none at sample: 0', async () => {
    const upstream = await answering('Two bags.');
    const gateway = await monitored(
      [upstream],
      route('      sample: 0\n      assert: [{ type: is-json }]\n'),
    );
    for (let index = 0; index < 5; index += 1) await ask(gateway, 'bags?');
    expect(await samplesAfterDrain(gateway)).toEqual([]);
  });

  it('scores a streamed answer once it is complete', async () => {
    const upstream = await startFakeServer({ sse: openaiChatStream({ content: 'Two bags of 23 kg each.' }) });
    const gateway = await monitored(
      [upstream],
      route('      sample: 1\n      assert:\n        - { type: contains, value: "23 kg" }\n'),
    );
    const client = new OpenAI({ apiKey: gateway.key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'faq',
      stream: true,
      messages: [{ role: 'user', content: 'bags?' }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Two bags of 23 kg each.');
    const [sample] = await samplesAfterDrain(gateway);
    expect(sample?.output).toBe('Two bags of 23 kg each.');
    expect(sample?.pass).toBe(true);
  });

  it('redacts the patterns before the sample is stored or shown to the judge', async () => {
    const upstream = await answering('I emailed jane.doe@example.com about card 4111 1111 1111 1111.');
    const judge = await judgeSays({ pass: true, score: 1, reason: 'fine' });
    const gateway = await monitored(
      [upstream, judge],
      route(
        '      sample: 1\n      judge: up1:judge\n      redact: ["[\\\\w.]+@[\\\\w.]+", "\\\\d{4}( \\\\d{4}){3}"]\n' +
          '      assert:\n        - { type: llm-rubric, value: "polite" }\n        - { type: contains, value: "@example.com" }\n',
      ),
    );
    await ask(gateway, 'Write to john@example.org please');
    const [sample] = await samplesAfterDrain(gateway);
    const stored = JSON.stringify(sample);
    expect(stored).not.toContain('jane.doe');
    expect(stored).not.toContain('john@example.org');
    expect(stored).not.toContain('4111');
    expect(sample?.output).toBe('I emailed [redacted] about card [redacted].');
    expect(sample?.messages.at(-1)?.content).toBe('Write to [redacted] please');
    // the deterministic check saw the answer as sent; the judge saw it redacted
    expect(sample?.checks[1]?.pass).toBe(true);
    const sentToJudge = judge.requests[0]?.rawBody ?? '';
    expect(sentToJudge).toContain('[redacted]');
    expect(sentToJudge).not.toContain('jane.doe');
    expect(sentToJudge).not.toContain('john@example.org');
  });

  it('redacts the bodies a capturing route keeps in its traces too', async () => {
    const upstream = await answering('Mail jane.doe@example.com for a refund.');
    const gateway = await monitored(
      [upstream],
      route(
        '      sample: 0\n      redact: ["[\\\\w.]+@[\\\\w.]+"]\n      assert: [{ type: is-json }]\n',
        true,
      ),
    );
    await ask(gateway, 'I am john@example.org');
    await gateway.server.close();
    const [trace] = await gateway.traces();
    expect(trace?.requestJson).toContain('I am [redacted]');
    expect(trace?.responseJson).toContain('Mail [redacted] for a refund.');
    expect(`${trace?.requestJson}${trace?.responseJson}`).not.toMatch(/jane\.doe|john@/);
    // still the JSON the client sent and got
    expect(JSON.parse(trace?.requestJson ?? '').model).toBe('faq');
  });

  it('marks a sample not scored, neither passed nor failed, when its judge errors', async () => {
    const upstream = await answering('Two bags.');
    const judge = await startFakeServer({ status: 400, json: { error: { message: 'judge refused' } } });
    const gateway = await monitored(
      [upstream, judge],
      route(
        '      sample: 1\n      judge: up1:judge\n      assert:\n        - { type: llm-rubric, value: "helpful" }\n',
      ),
    );
    await ask(gateway, 'bags?');
    const [sample] = await samplesAfterDrain(gateway);
    expect(sample?.scored).toBe(false);
    expect(sample?.pass).toBeNull();
    expect(sample?.notScoredReason).toMatch(/^judge failed: /);
    const [counts] = await gateway.monitorStore.countsIn({ since: '2000-01-01', until: '2999-01-01' });
    expect(counts).toMatchObject({ samples: 0, passed: 0, notScored: 1 });
  });

  it('records the judge cost on the sample, apart from the request', async () => {
    const upstream = await answering('Two bags.');
    const judge = await judgeSays({ pass: false, score: 0.2, reason: 'invents a fee' });
    const gateway = await monitored(
      [upstream, judge],
      route(
        '      sample: 1\n      judge: up1:judge\n      assert:\n        - { type: llm-rubric, value: "no fee" }\n',
      ).replace('up:gpt-4o-mini', 'up:gpt-4o-mini, price: { input: 1, output: 1 }'),
      '',
    );
    await ask(gateway, 'bags?');
    const [sample] = await samplesAfterDrain(gateway);
    expect(sample?.pass).toBe(false);
    expect(sample?.checks[0]?.reason).toBe('invents a fee');
    // the judge is unpriced here: its cost is unknown, never folded into the trace's cost
    expect(sample?.judgeCostUsd).toBeNull();
    expect((await gateway.traces())[0]?.costUsd).toBeGreaterThan(0);
  });

  it('drops samples when the queue is full, counts them in /metrics, and never holds a request', async () => {
    const upstream = await answering('Two bags.');
    const judge = await judgeSays({ pass: true, score: 1, reason: 'ok' }, 4_000);
    const gateway = await monitored(
      [upstream, judge],
      route(
        '      sample: 1\n      judge: up1:judge\n      assert:\n        - { type: llm-rubric, value: "helpful" }\n',
      ),
      'tracing: { monitorQueueSize: 3 }\n',
    );
    const started = performance.now();
    await Promise.all(Array.from({ length: 20 }, () => ask(gateway, 'bags?')));
    // twenty answers while the judge takes 4 s a sample: nobody waited for it
    expect(performance.now() - started).toBeLessThan(3_000);
    const metrics = await metricsOf(gateway);
    expect(metrics).toContain('yardstick_gateway_monitor_samples_dropped_total 17\n');
    expect(gateway.logs.some((line) => line.includes('monitor queue full (3)'))).toBe(true);
    const samples = await samplesAfterDrain(gateway);
    expect(samples).toHaveLength(3);
  });

  it('on shutdown stores what it could score and counts and logs the samples it could not', async () => {
    const upstream = await answering('Two bags.');
    const judge = await startFakeServer({ hang: true });
    const gateway = await monitored(
      [upstream, judge],
      route(
        '      sample: 1\n      judge: up1:judge\n      assert:\n        - { type: llm-rubric, value: "helpful" }\n',
      ),
      'server: { drainTimeoutMs: 300 }\n',
    );
    for (let index = 0; index < 4; index += 1) await ask(gateway, 'bags?');
    expect(await samplesAfterDrain(gateway)).toEqual([]);
    expect(gateway.logs.join('\n')).toContain(
      'monitor: 4 sample(s) lost: the gateway stopped before it was scored (drain timeout 300 ms)',
    );
  });
});

describe('monitor config', () => {
  it('refuses a check that needs an expected answer, naming the field and what to use instead', async () => {
    const upstream = await answering('x');
    const error = await startTestGateway(
      `${openaiProviders(upstream)}routes:\n  faq:\n${route('      sample: 1\n      assert:\n        - { type: equals, value: "Two bags." }\n')}`,
    ).catch((caught: unknown) => caught);
    await upstream.close();
    expect(error).toBeInstanceOf(YardstickError);
    expect((error as YardstickError).code).toBe('E_GATEWAY_CONFIG');
    expect((error as YardstickError).message).toMatch(
      /gateway\.yaml:\d+:\d+ routes\.faq\.monitor\.assert\[0\]\.type: "equals" compares with an expected answer/,
    );
  });

  it('refuses an llm-rubric check without a judge', async () => {
    const upstream = await answering('x');
    const error = await startTestGateway(
      `${openaiProviders(upstream)}routes:\n  faq:\n${route('      sample: 1\n      assert:\n        - { type: llm-rubric, value: "kind" }\n')}`,
    ).catch((caught: unknown) => caught);
    await upstream.close();
    expect((error as YardstickError).message).toContain('llm-rubric needs a judge');
  });

  it('refuses a redact pattern that is not a regular expression', async () => {
    const upstream = await answering('x');
    const error = await startTestGateway(
      `${openaiProviders(upstream)}routes:\n  faq:\n${route('      sample: 1\n      redact: ["(unclosed"]\n      assert: [{ type: is-json }]\n')}`,
    ).catch((caught: unknown) => caught);
    await upstream.close();
    expect((error as YardstickError).message).toMatch(
      /routes\.faq\.monitor\.redact\[0\]: invalid regex: .*Unterminated group; fix the pattern/,
    );
  });
});
