// End to end: the shutdown contract of `yardstick serve` under load. SIGTERM while 30 streams are in flight
// finishes every one of them, writes all 30 traces and exits 0, 20 times in a row on both chat formats.
import { type ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/gateway/api-keys.js';
import { openSqliteStores } from '../src/store/sqlite/open-sqlite.js';
import { collect } from '../src/testing/collect.js';
import { type FakeServer, openaiChatStream, startFakeServer } from '../src/testing/fake-server.js';
import { binPath, makeProject } from './helpers/run-cli.js';

const streams = 30;
const shutdowns = 20;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Served {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** A project with a gateway.yaml routing `chat` to the upstream, a store holding one key, and `serve` on it. */
const startServe = async (
  upstream: FakeServer,
  tag: string,
  extraConfig = '',
): Promise<Served & { key: string; db: string }> => {
  const cwd = makeProject({
    'gateway.yaml': `${extraConfig}providers:\n  up: { type: openai, baseUrl: ${upstream.url}/v1, apiKeyEnv: UP_KEY }\nroutes:\n  chat:\n    targets:\n      - { model: up:gpt-4o-mini, price: { input: 1, output: 2 } }\n`,
  });
  const db = path.join(cwd, 'gateway.db');
  const store = openSqliteStores(db).gateway;
  const { key } = await createApiKey(store, { name: `team-${tag}` });
  await store.close();
  const child = spawn(
    process.execPath,
    [binPath, 'serve', '--config', 'gateway.yaml', '--port', '0', '--db', db],
    {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, CI: 'true', NO_COLOR: '1', UP_KEY: 'sk-up' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /gateway on (http:\/\/\S+)\/v1/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`serve exited ${code} before listening: ${stderr}`)));
  });
  return { url, child, stderr: () => stderr, exited, key, db };
};

type Endpoint = '/v1/chat/completions' | '/v1/messages';

const requestHeaders = (endpoint: Endpoint, key: string): Record<string, string> =>
  endpoint === '/v1/messages'
    ? { 'content-type': 'application/json', 'x-api-key': key, 'anthropic-version': '2023-06-01' }
    : { 'content-type': 'application/json', authorization: `Bearer ${key}` };

const requestBody = (content: string): string =>
  JSON.stringify({ model: 'chat', stream: true, max_tokens: 50, messages: [{ role: 'user', content }] });

/**
 * One streamed request, answered with its status and whole body, on a kept-alive connection (as SDKs do) or
 * on one of its own, closed after the answer (as curl or a script does). The second kind is what exposed the
 * lost traces: once the last connection closed, nothing kept the process alive while it flushed them.
 */
const streamRequest = async (
  url: string,
  endpoint: Endpoint,
  key: string,
  content: string,
  keepAlive: boolean,
): Promise<{ status: number; text: string }> => {
  if (keepAlive) {
    const response = await fetch(`${url}${endpoint}`, {
      method: 'POST',
      headers: requestHeaders(endpoint, key),
      body: requestBody(content),
    });
    return { status: response.status, text: await response.text() };
  }
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      `${url}${endpoint}`,
      { method: 'POST', agent: false, headers: requestHeaders(endpoint, key) },
      (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => {
          text += chunk;
        });
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, text }));
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(requestBody(content));
  });
};

const terminalEvent: Record<Endpoint, string> = {
  '/v1/chat/completions': 'data: [DONE]',
  '/v1/messages': 'event: message_stop',
};

const countTraces = async (db: string): Promise<number> => {
  const store = openSqliteStores(db).gateway;
  try {
    return (await collect(store.traces({}))).length;
  } finally {
    await store.close();
  }
};

interface ShutdownOutcome {
  /** Streams not finished yet when SIGTERM was sent: the ones the drain had to wait for. */
  inFlightAtSignal: number;
  finished: number;
  code: number | null;
  logLine: string | undefined;
  stored: number;
  problems: string[];
}

describe('yardstick serve shutdown', () => {
  let upstream: FakeServer;
  beforeAll(async () => {
    // ~300 ms per stream: headers at once, then six frames 50 ms apart; a "slow" one takes 6 s
    upstream = await startFakeServer((request) => ({
      sse: openaiChatStream({ content: 'finished in full', chunkSize: 8 }),
      delayMs: request.rawBody.includes('"slow') ? 1_000 : 50,
    }));
  });
  afterAll(async () => {
    await upstream.close();
  });

  /** 30 streams, SIGTERM once every one reached the upstream (and at least 0.2 s after they started). */
  const shutDownUnderLoad = async (endpoint: Endpoint, run: number): Promise<ShutdownOutcome> => {
    const tag = `${endpoint.slice(4, 8)}-${run}`;
    const served = await startServe(upstream, tag);
    let answered = 0;
    const answers = Array.from({ length: streams }, async (_, index) => {
      try {
        const { status, text } = await streamRequest(
          served.url,
          endpoint,
          served.key,
          `${tag} ${index}`,
          // even runs: every client closes its connection; odd runs: half keep theirs alive
          run % 2 === 1 && index % 2 === 0,
        );
        answered += 1;
        return status === 200 && text.includes(terminalEvent[endpoint])
          ? undefined
          : `stream ${index}: status ${status}, ends ${JSON.stringify(text.slice(-80))}`;
      } catch (error) {
        return `stream ${index}: ${error instanceof Error ? `${error.message} ${String(error.cause)}` : String(error)}`;
      }
    });
    const started = Date.now();
    const reached = (): number =>
      upstream.requests.filter((request) => request.rawBody.includes(`"${tag} `)).length;
    while (reached() < streams && Date.now() - started < 5_000) await sleep(10);
    await sleep(Math.max(0, 200 - (Date.now() - started)));
    const inFlightAtSignal = streams - answered;
    served.child.kill('SIGTERM');
    const problems = (await Promise.all(answers)).filter((problem) => problem !== undefined);
    const code = await served.exited;
    return {
      inFlightAtSignal,
      finished: streams - problems.length,
      code,
      logLine: /stopped; .*/.exec(served.stderr())?.[0],
      stored: await countTraces(served.db),
      problems,
    };
  };

  for (const endpoint of ['/v1/chat/completions', '/v1/messages'] as const) {
    it(`finishes 30 accepted streams on ${endpoint}, writes 30 traces and exits 0, ${shutdowns} times in a row`, async () => {
      const outcomes: ShutdownOutcome[] = [];
      // two shutdowns at a time keeps the whole test well under a minute on two cores
      for (let run = 0; run < shutdowns; run += 2) {
        outcomes.push(
          ...(await Promise.all([shutDownUnderLoad(endpoint, run), shutDownUnderLoad(endpoint, run + 1)])),
        );
      }
      const summary = {
        inFlightAtSignal: outcomes.reduce((sum, outcome) => sum + outcome.inFlightAtSignal, 0),
        finished: outcomes.reduce((sum, outcome) => sum + outcome.finished, 0),
        stored: outcomes.reduce((sum, outcome) => sum + outcome.stored, 0),
        exitCodes: outcomes.map((outcome) => outcome.code),
        logLines: outcomes.filter((outcome) => outcome.logLine === `stopped; ${streams} trace(s) written`)
          .length,
      };
      process.stderr.write(`${endpoint}: ${JSON.stringify(summary)}\n`);
      expect(outcomes.flatMap((outcome) => outcome.problems).slice(0, 5)).toEqual([]);
      // the signal came while the streams were running, so the drain had them to finish
      expect(outcomes.every((outcome) => outcome.inFlightAtSignal > 0)).toBe(true);
      expect(summary.inFlightAtSignal).toBeGreaterThan((streams * shutdowns) / 2);
      expect({ ...summary, inFlightAtSignal: 0 }).toEqual({
        inFlightAtSignal: 0,
        finished: streams * shutdowns,
        stored: streams * shutdowns,
        exitCodes: Array.from({ length: shutdowns }, () => 0),
        logLines: shutdowns,
      });
    }, 90_000);
  }

  it('exits 0 when stopped idle, even right after it said it listens, saying no trace was written', async () => {
    const stops = Array.from({ length: 5 }, async (_, index) => {
      const served = await startServe(upstream, `idle-${index}`);
      served.child.kill('SIGTERM');
      return { code: await served.exited, line: /stopped; .*/.exec(served.stderr())?.[0] };
    });
    expect(await Promise.all(stops)).toEqual(
      Array.from({ length: 5 }, () => ({ code: 0, line: 'stopped; 0 trace(s) written' })),
    );
  });

  it('exits at once on a second signal during the drain, saying what it lost', async () => {
    const served = await startServe(upstream, 'twice');
    const answers = Array.from({ length: 5 }, (_, index) =>
      streamRequest(served.url, '/v1/chat/completions', served.key, `slow twice ${index}`, false).catch(
        (error: unknown) => error,
      ),
    );
    const reached = (): number =>
      upstream.requests.filter((request) => request.rawBody.includes('"slow twice')).length;
    while (reached() < 5) await sleep(10);
    served.child.kill('SIGTERM');
    await sleep(150);
    const second = Date.now();
    served.child.kill('SIGINT');
    expect(await served.exited).toBe(130);
    expect(Date.now() - second).toBeLessThan(1_000);
    expect(served.stderr()).toContain(
      'second signal: exiting now; lost: 5 request(s) still in flight (cut off) and 5 trace(s) not yet written',
    );
    expect(served.stderr()).not.toContain('stopped;');
    await Promise.all(answers);
  });

  it('cuts off what is still running at the drain timeout, traces it as such and exits 3', async () => {
    const served = await startServe(upstream, 'timeout', 'server: { drainTimeoutMs: 300 }\n');
    const answers = Array.from({ length: 3 }, (_, index) =>
      streamRequest(served.url, '/v1/messages', served.key, `slow timeout ${index}`, index === 0).catch(
        (error: unknown) => error,
      ),
    );
    const reached = (): number =>
      upstream.requests.filter((request) => request.rawBody.includes('"slow timeout')).length;
    while (reached() < 3) await sleep(10);
    const signalled = Date.now();
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(3);
    expect(Date.now() - signalled).toBeLessThan(3_000);
    expect(served.stderr()).toContain(
      'stopped; 3 trace(s) written; 3 request(s) cut off by the 300 ms drain timeout',
    );
    await Promise.all(answers);
    const store = openSqliteStores(served.db).gateway;
    const traces = await collect(store.traces({}));
    await store.close();
    expect(traces.map((trace) => [trace.status, trace.errorCode])).toEqual([
      [503, 'shutdown_timeout'],
      [503, 'shutdown_timeout'],
      [503, 'shutdown_timeout'],
    ]);
  });
});
