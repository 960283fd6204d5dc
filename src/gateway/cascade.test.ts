// The cascade of a cheapest-passing route, as clients meet it: an answer that fails the route's checks is asked
// of the next target in the record's order, exactly those requests, and the trace says so; a stream is not
// checked, and its trace says that too.
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { openaiChatCompletion, openaiChatStream, startFakeServer } from '../testing/fake-server.js';
import { lastUserMessage } from '../testing/openai-compatible-echo.js';
import { openaiProviders, startTestGateway, type TestGateway, testQualification } from './test-gateway.js';

const opened: TestGateway[] = [];
afterEach(async () => {
  for (const gateway of opened.splice(0)) await gateway.close();
});

const waitFor = async (condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('the cascade of a cheapest-passing route', () => {
  it('escalates exactly the answers that fail is-json to the next target, and records each escalation', async () => {
    // the cheap target answers every fourth question with prose instead of JSON
    const cheap = await startFakeServer((request) => {
      const question = Number(lastUserMessage(request.body).slice(1));
      const content = question % 4 === 0 ? 'Sure! Here it is: ok' : `{"answer":${question}}`;
      const stream = (request.body as { stream?: boolean }).stream === true;
      return stream
        ? { status: 200, sse: openaiChatStream({ content, chunkSize: 8 }) }
        : { status: 200, json: openaiChatCompletion({ content }) };
    });
    const strong = await startFakeServer((request) => ({
      status: 200,
      json: openaiChatCompletion({
        content: `{"answer":${lastUserMessage(request.body).slice(1)},"by":"strong"}`,
      }),
    }));
    const gateway = await startTestGateway(
      `${openaiProviders(strong, cheap)}routes:
  extract:
    policy: cheapest-passing
    qualify: { suite: suites/extract.yaml, minPassRate: 0.9 }
    cascade: { assert: [ { type: is-json } ] }
    targets:
      - { model: up:strong }
      - { model: up1:cheap }
`,
      { upstreams: [cheap, strong], gateway: { qualificationPollMs: 20 } },
    );
    opened.push(gateway);
    expect(gateway.logs[0]).toMatch(/route extract: unqualified \(no qualification record/);
    await gateway.records.insert(testQualification('extract', ['up1:cheap', 'up:strong']));
    await waitFor(async () =>
      (await (await fetch(`${gateway.url}/metrics`)).text()).includes(
        'yardstick_route_qualified{route="extract"} 1',
      ),
    );

    const client = new OpenAI({ apiKey: gateway.key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const answers: string[] = [];
    for (let question = 1; question <= 20; question += 1) {
      const completion = await client.chat.completions.create({
        model: 'extract',
        messages: [{ role: 'user', content: `q${question}` }],
      });
      answers.push(completion.choices[0]?.message.content ?? '');
    }
    const escalated = [4, 8, 12, 16, 20];
    answers.forEach((answer, index) => {
      const question = index + 1;
      expect(JSON.parse(answer)).toEqual(
        escalated.includes(question) ? { answer: question, by: 'strong' } : { answer: question },
      );
    });
    expect(strong.requests.map((request) => lastUserMessage(request.body))).toEqual(
      escalated.map((q) => `q${q}`),
    );
    expect(cheap.requests).toHaveLength(20);

    // a stream is answered by the first target unchecked, and its trace says the cascade was skipped
    const stream = await client.chat.completions.create({
      model: 'extract',
      messages: [{ role: 'user', content: 'q24' }],
      stream: true,
    });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
    expect(streamed).toBe('Sure! Here it is: ok');
    expect(strong.requests).toHaveLength(5);

    await gateway.server.close();
    const traces = (await gateway.traces()).reverse();
    const cascadeOf = (index: number) =>
      traces[index]?.attempts.map((attempt) => [attempt.model, attempt.cascade, attempt.error]);
    expect(cascadeOf(3)).toEqual([
      ['cheap', 'escalated', 'cascade: is-json failed'],
      ['strong', 'passed', null],
    ]);
    expect(cascadeOf(0)).toEqual([['cheap', 'passed', null]]);
    expect(cascadeOf(20)).toEqual([['cheap', 'skipped-stream', null]]);
    // the answer's text never reaches the trace of a route that does not capture
    expect(JSON.stringify(traces)).not.toContain('Sure!');
    const since = '2000-01-01T00:00:00.000Z';
    expect(await gateway.records.cascadeCounts('extract', since)).toEqual({ checked: 20, escalated: 5 });
  });

  it('serves the escalated answer when the next target fails, rather than an error', async () => {
    const cheap = await startFakeServer({ status: 200, json: openaiChatCompletion({ content: 'not json' }) });
    const strong = await startFakeServer({ status: 503, json: { error: { message: 'overloaded' } } });
    const gateway = await startTestGateway(
      `${openaiProviders(strong, cheap)}routes:
  extract:
    policy: cheapest-passing
    qualify: { suite: s.yaml, minPassRate: 0.9 }
    cascade: { assert: [ { type: is-json } ] }
    targets: [ { model: up:strong }, { model: up1:cheap } ]
`,
      { upstreams: [cheap, strong], gateway: { qualificationPollMs: 20 } },
    );
    opened.push(gateway);
    await gateway.records.insert(testQualification('extract', ['up1:cheap', 'up:strong']));
    await waitFor(async () =>
      (await (await fetch(`${gateway.url}/readyz`)).text()).includes('"qualified":true'),
    );
    const client = new OpenAI({ apiKey: gateway.key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'extract',
      messages: [{ role: 'user', content: 'q1' }],
    });
    expect(completion.choices[0]?.message.content).toBe('not json');
    expect(strong.requests).toHaveLength(1);
  });
});
