// The gateway's monitor: the routes' `monitor:` blocks resolved for the scorer (judges as the targets are), the
// queue that takes samples from the trace step, and the monitor's lines of /metrics.
import path from 'node:path';
import type { MonitorSetup, RouteMonitor } from '../monitor/monitor-job.js';
import {
  createInlineMonitorQueue,
  createThreadedMonitorQueue,
  type MonitorMetrics,
  type MonitorQueue,
} from '../monitor/monitor-queue.js';
import type { GatewayOptions } from './gateway.js';
import { type LoadedGatewayConfig, resolveModel } from './load-gateway-config.js';

/** What the scorer needs of each monitored route; undefined when no route monitors. */
export const toMonitorSetup = (
  loaded: LoadedGatewayConfig,
  env: Record<string, string | undefined>,
): MonitorSetup | undefined => {
  const routes: RouteMonitor[] = [];
  for (const route of loaded.routes.values()) {
    const monitor = route.monitor;
    if (!monitor) continue;
    // checked at load: a judge that does not resolve never gets here
    const judge =
      monitor.judge === undefined ? undefined : resolveModel(monitor.judge, loaded.config.providers);
    routes.push({
      route: route.name,
      assert: monitor.assert,
      judge: typeof judge === 'object' ? judge.config : undefined,
      redact: monitor.redact,
      maxDrop: monitor.maxDrop,
    });
  }
  if (routes.length === 0) return undefined;
  const baseDir = loaded.file === undefined ? process.cwd() : path.dirname(loaded.file);
  return { routes, baseDir, env };
};

/** Per route that captures bodies and redacts, its patterns: the trace writer applies them before storing. */
export const capturedRedactions = (loaded: LoadedGatewayConfig): Record<string, string[]> => {
  const patterns: Record<string, string[]> = {};
  for (const route of loaded.routes.values()) {
    if (route.capture && route.monitor && route.monitor.redact.length > 0)
      patterns[route.name] = route.monitor.redact;
  }
  return patterns;
};

export const createMonitor = (
  options: GatewayOptions,
  log: (line: string) => void,
): MonitorQueue | undefined => {
  const setup = toMonitorSetup(options.loaded, options.env);
  if (!setup) return undefined;
  const queueSize = options.loaded.config.tracing.monitorQueueSize;
  if (options.traceThread) {
    return createThreadedMonitorQueue({
      setup,
      queueSize,
      log,
      storeLocation: options.traceThread.storeLocation,
    });
  }
  if (!options.monitorStore) {
    throw new Error('a gateway with monitored routes needs traceThread or monitorStore to store its samples');
  }
  return createInlineMonitorQueue({
    setup,
    queueSize,
    log,
    store: options.monitorStore,
    ...(options.transport ? { transport: options.transport } : {}),
  });
};

/** A Prometheus label value: backslash, double quote and line feed escaped. */
const label = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export const monitorMetricsText = (metrics: MonitorMetrics): string => {
  let text =
    `yardstick_gateway_monitor_queue ${metrics.queued}\n` +
    `yardstick_gateway_monitor_samples_stored_total ${metrics.stored}\n` +
    `yardstick_gateway_monitor_samples_dropped_total ${metrics.dropped}\n` +
    `yardstick_gateway_monitor_samples_lost_total ${metrics.lost}\n`;
  for (const gauge of metrics.gauges) {
    const labels = `{route="${label(gauge.route)}",model="${label(gauge.model)}"}`;
    if (gauge.passRate !== null) text += `yardstick_monitor_pass_rate${labels} ${gauge.passRate}\n`;
    text += `yardstick_monitor_drift${labels} ${gauge.drift ? 1 : 0}\n`;
  }
  return text;
};
