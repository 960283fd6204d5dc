// What a monitor works with: a sampled answer on its way to be scored, and each monitored route's checks.
import type { AssertionConfig } from '../spec/assertion.js';
import type { Message, ToolCall } from '../spec/messages.js';
import type { ModelConfig } from '../spec/model-config.js';

/** A sampled request, complete: posted by the gateway's trace step, scored off the request path. */
export interface MonitorJob {
  traceId: string;
  startedAt: string;
  route: string;
  /** The target that answered, as the gateway config names it. */
  model: string;
  messages: Message[];
  output: string;
  toolCalls: ToolCall[];
  latencyMs: number;
  /** Undefined when the target is unpriced. */
  costUsd: number | undefined;
}

/** A route's monitor as the scorer needs it (plain data: it crosses to the worker thread). */
export interface RouteMonitor {
  route: string;
  assert: AssertionConfig[];
  /** The judge of `llm-rubric` checks without their own `provider`. */
  judge: ModelConfig | undefined;
  /** Regular expression sources, matched globally. */
  redact: string[];
  maxDrop: number;
}

export interface MonitorSetup {
  routes: RouteMonitor[];
  /** Directory of gateway.yaml: `javascript` check files are relative to it. */
  baseDir: string;
  /** Provider keys for the judges. */
  env: Record<string, string | undefined>;
}
