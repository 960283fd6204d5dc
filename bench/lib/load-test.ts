// One autocannon run against one target, from the benchmark process. Latency percentiles are computed here from
// every 2xx response's own time (autocannon reports it in fractional ms), not from autocannon's histogram: that
// one rounds to whole milliseconds, and with a rate set it also adds coordinated-omission fill-ins, and the
// targets are about fractions of a millisecond.
import autocannon from 'autocannon';

export interface LoadTarget {
  name: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Every response body must contain this (the upstream's answer), or it counts as a mismatch. */
  expect: string;
}

export interface LoadOptions {
  connections: number;
  durationS: number;
  /** Requests per second over all connections; unset for saturation. */
  overallRate?: number;
}

export interface LoadResult {
  connections: number;
  durationS: number;
  overallRate: number | null;
  /** 2xx responses. */
  ok2xx: number;
  requestsPerS: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  non2xx: number;
  /** Connection errors, including timeouts. */
  errors: number;
  timeouts: number;
  /** Responses whose body lacked the expected content. */
  mismatches: number;
  statusCodes: Record<string, number>;
  /** CPU seconds the server under test used during the run (from /proc), when known. */
  serverCpuS?: number;
}

/** Nearest-rank percentile of an ascending array. */
const percentile = (sorted: Float64Array, p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
};

export type LatencyStats = Pick<LoadResult, 'p50Ms' | 'p90Ms' | 'p99Ms' | 'maxMs' | 'meanMs'>;

/** Percentiles, max and mean of response times in ms (NaN when there are none). */
export const latencyStats = (latencies: number[]): LatencyStats => {
  const sorted = Float64Array.from(latencies).sort();
  const sum = latencies.reduce((a, b) => a + b, 0);
  return {
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? Number.NaN,
    meanMs: sorted.length === 0 ? Number.NaN : sum / sorted.length,
  };
};

export const runLoad = (target: LoadTarget, options: LoadOptions): Promise<LoadResult> =>
  new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      {
        url: target.url,
        method: 'POST',
        headers: target.headers,
        body: target.body,
        connections: options.connections,
        duration: options.durationS,
        ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate }),
        verifyBody: (body) => typeof body === 'string' && body.includes(target.expect),
      },
      (error: unknown, result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const statusCodes: Record<string, number> = {};
        for (const [code, stat] of Object.entries(result.statusCodeStats ?? {}))
          statusCodes[code] = stat.count ?? 0;
        resolve({
          connections: options.connections,
          durationS: result.duration,
          overallRate: options.overallRate ?? null,
          ok2xx: result['2xx'],
          requestsPerS: result['2xx'] / result.duration,
          ...latencyStats(latencies),
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          mismatches: result.mismatches,
          statusCodes,
        });
      },
    );
    // The same set autocannon's own histogram keeps: 2xx responses only.
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });

/** Problems that make a run's figures suspect, in words; empty when every request got a 2xx with the content. */
export const loadProblems = (result: LoadResult): string[] => {
  const problems: string[] = [];
  if (result.non2xx > 0) {
    const codes = Object.entries(result.statusCodes)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, count]) => `${count}x${code}`)
      .join(' ');
    problems.push(`${result.non2xx} non-2xx (${codes})`);
  }
  if (result.errors > 0) problems.push(`${result.errors} errors (${result.timeouts} timeouts)`);
  if (result.mismatches > 0) problems.push(`${result.mismatches} bodies without the upstream's content`);
  if (result.ok2xx === 0) problems.push('no 2xx response');
  return problems;
};

/** One request, outside the load, to check the target answers 200 with the upstream's content. */
export const checkTarget = async (target: LoadTarget): Promise<void> => {
  const response = await fetch(target.url, { method: 'POST', headers: target.headers, body: target.body });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`${target.name}: check request got ${response.status}: ${text.slice(0, 500)}`);
  const content = (JSON.parse(text) as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]
    ?.message?.content;
  if (content !== target.expect)
    throw new Error(
      `${target.name}: check request got content ${JSON.stringify(content)}, not the upstream's`,
    );
};
