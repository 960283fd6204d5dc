import { afterEach, describe, expect, it } from 'vitest';
import type { TraceInput } from '../store/contract/gateway-store.js';
import { type FakeServer, startFakeServer } from '../testing/fake-server.js';
import { createOtlpExporter, toOtlpSpan } from './otlp-exporter.js';
import { newTrace } from './steps/trace.js';

const trace: TraceInput = {
  ...newTrace('/v1/chat/completions', Date.parse('2026-11-23T12:00:00.000Z')),
  id: 'chatcmpl-1',
  keyName: 'team-a',
  route: 'chat',
  requestedModel: 'chat',
  status: 502,
  provider: 'openai',
  model: 'gpt-4o-mini',
  errorCode: 'upstream_error',
  errorMessage: 'upstream failed',
  latencyMs: 12.5,
};

let collector: FakeServer | undefined;
afterEach(async () => {
  await collector?.close();
});

describe('the OTLP exporter', () => {
  it('marks a failed request as an error span and leaves out what is unknown', async () => {
    const span = toOtlpSpan(trace);
    expect(span.status).toEqual({ code: 2, message: 'upstream failed' });
    expect(span.endTimeUnixNano).toBe('1795435200012500000');
    const keys = span.attributes.map((item) => item.key);
    expect(keys).toContain('error.type');
    expect(keys).not.toContain('gen_ai.usage.input_tokens');
  });

  it('logs and counts an export the collector refuses, without retrying forever', async () => {
    collector = await startFakeServer({ status: 503, json: { message: 'busy' } });
    const logs: string[] = [];
    const exporter = createOtlpExporter({
      endpoint: `${collector.url}/v1/traces`,
      log: (line) => logs.push(line),
    });
    exporter.add(trace);
    await exporter.shutdown();
    expect(exporter.metrics()).toEqual({ queued: 0, exported: 0, failed: 1, dropped: 0 });
    expect(logs).toEqual([
      expect.stringMatching(
        /^OTLP export of 1 span\(s\) to 127\.0\.0\.1:\d+ failed: the collector answered 503$/,
      ),
    ]);
    expect(collector.requests).toHaveLength(1);
  });
});
