// A smooth fixed-rate run, as a cross-check of autocannon's `overallRate`. autocannon splits the rate over the
// connections and lets each send its per-second quota back to back as soon as a second starts (httpClient.js:
// `reqsMadeThisSecond++ < this.rate`, reset by a 1 s interval), so at 1,000 req/s over 32 connections every
// second begins with all 32 connections busy until ~1,000 requests are done: its latencies are those of a
// 32-deep burst, close to saturation's. Here request i is sent at start + i/rate instead (a 1 ms timer sends
// whatever is due, so at most a few at once), open loop, over a keep-alive agent of up to `connections` sockets.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { type LoadResult, type LoadTarget, latencyStats } from './load-test.js';

export interface PacedOptions {
  rate: number;
  durationS: number;
  /** Most sockets open at once; a request beyond them waits in the agent, and that wait is in its latency. */
  connections: number;
}

export const runPaced = (
  target: LoadTarget,
  { rate, durationS, connections }: PacedOptions,
): Promise<LoadResult> =>
  new Promise((resolve) => {
    const url = new URL(target.url);
    const body = Buffer.from(target.body);
    const headers = { ...target.headers, 'content-length': String(body.length) };
    const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
    const total = Math.round(rate * durationS);
    const latencies: number[] = [];
    const statusCodes: Record<string, number> = {};
    let sent = 0;
    let finished = 0;
    let errors = 0;
    let mismatches = 0;
    const start = performance.now();

    const finishOne = (): void => {
      finished += 1;
      if (finished < total) return;
      agent.destroy();
      const ok2xx = Object.entries(statusCodes)
        .filter(([code]) => code.startsWith('2'))
        .reduce((sum, [, count]) => sum + count, 0);
      const elapsedS = (performance.now() - start) / 1000;
      resolve({
        connections,
        durationS: elapsedS,
        overallRate: rate,
        ok2xx,
        requestsPerS: ok2xx / elapsedS,
        ...latencyStats(latencies),
        non2xx: finished - errors - ok2xx,
        errors,
        timeouts: 0,
        mismatches,
        statusCodes,
      });
    };

    const sendOne = (): void => {
      const sentAt = performance.now();
      const request = http.request(
        { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const elapsed = performance.now() - sentAt;
            const status = response.statusCode ?? 0;
            statusCodes[status] = (statusCodes[status] ?? 0) + 1;
            if (status >= 200 && status < 300) latencies.push(elapsed);
            if (!Buffer.concat(chunks).toString('utf8').includes(target.expect)) mismatches += 1;
            finishOne();
          });
        },
      );
      request.on('error', () => {
        errors += 1;
        finishOne();
      });
      request.end(body);
    };

    const tick = (): void => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      while (sent < due) {
        sent += 1;
        sendOne();
      }
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
