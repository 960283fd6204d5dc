// The gateway benchmark's upstream, run as its own process (`node --import tsx bench/lib/fake-upstream.ts`) so its
// CPU is never the load generator's: a keep-alive node:http server on 127.0.0.1 answering every
// POST /v1/chat/completions at once with one fixed, real-shaped chat.completion. Prints `listening <url>`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { openaiChatCompletion } from '../../src/testing/fake-server.js';

/** What every answer says; the benchmark checks that each gateway passes it through. */
export const UPSTREAM_CONTENT = 'Hi! How can I help you today?';

const serve = async (): Promise<void> => {
  // Serialized once: the upstream should cost as little CPU as possible, it shares the cores with the gateways.
  const body = JSON.stringify(
    openaiChatCompletion({ content: UPSTREAM_CONTENT, usage: { prompt_tokens: 9, completion_tokens: 9 } }),
  );
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  const server = http.createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, (request, response) => {
    // Drain the request body before answering so the connection stays reusable.
    request.resume();
    request.once('end', () => {
      if (request.method === 'POST' && request.url === '/v1/chat/completions') {
        response.writeHead(200, headers);
        response.end(body);
        return;
      }
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"error":{"message":"fake upstream: only POST /v1/chat/completions"}}');
    });
  });
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`listening http://127.0.0.1:${port}\n`);
  const stop = (): void => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
};

// Only when run as a script: the benchmark imports UPSTREAM_CONTENT from here too.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await serve();
