// Summarizes a V8 .cpuprofile (node --cpu-prof) or .heapprofile (node --heap-prof): the top functions by
// self time or by sampled allocation, with file:line (1-based), so hot spots can be reported without DevTools.
import { readFile } from 'node:fs/promises';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface CpuNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: CpuNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Only the samples taken within this span, in microseconds of the monotonic clock; V8 stamps samples with the
 * same clock as `process.hrtime.bigint() / 1000n`, so another process can mark the span (e.g. one load run).
 */
export interface SampleWindow {
  startUs: number;
  endUs: number;
}

interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

export interface HotSpot {
  where: string;
  /** Self milliseconds (CPU) or sampled bytes (heap). */
  amount: number;
  share: number;
}

const label = ({ functionName, url, lineNumber }: CallFrame): string => {
  const file = url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules\/|dist\/|src\/)/, '$1');
  return `${functionName || '(anonymous)'} ${file || '(native)'}:${lineNumber + 1}`;
};

const top = (totals: Map<string, number>, count: number): HotSpot[] => {
  const sum = [...totals.values()].reduce((a, b) => a + b, 0) || 1;
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([where, amount]) => ({ where, amount, share: amount / sum }));
};

/** Each sample's leaf node and milliseconds, within `window` when given. */
const samplesOf = (profile: CpuProfile, window?: SampleWindow): { id: number; ms: number }[] => {
  const samples: { id: number; ms: number }[] = [];
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    if (window === undefined || (at >= window.startUs && at <= window.endUs))
      samples.push({ id, ms: delta / 1000 });
  });
  return samples;
};

/** Functions by self time (the time a sample's innermost frame was this function). */
export const summarizeCpuProfile = async (
  file: string,
  count = 15,
  window?: SampleWindow,
): Promise<HotSpot[]> => {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  for (const { id, ms } of samplesOf(profile, window)) {
    const node = byId.get(id);
    if (node === undefined) continue;
    const where = label(node.callFrame);
    totals.set(where, (totals.get(where) ?? 0) + ms);
  }
  return top(totals, count);
};

/**
 * Functions by inclusive time (the function anywhere on the sample's stack, once per sample), as shares of the
 * busy time: idle samples are left out, so the shares say where the work went. `include` filters the labels.
 */
export const summarizeCpuProfileInclusive = async (
  file: string,
  count = 15,
  window?: SampleWindow,
  include: RegExp = /./,
): Promise<HotSpot[]> => {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const totals = new Map<string, number>();
  let busy = 0;
  for (const { id, ms } of samplesOf(profile, window)) {
    if (byId.get(id)?.callFrame.functionName === '(idle)') continue;
    busy += ms;
    const seen = new Set<string>(); // recursion: count a function once per sample
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const node = byId.get(at);
      if (node === undefined) break;
      const where = label(node.callFrame);
      if (seen.has(where)) continue;
      seen.add(where);
      totals.set(where, (totals.get(where) ?? 0) + ms);
    }
  }
  return [...totals.entries()]
    .filter(([where]) => include.test(where))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([where, amount]) => ({ where, amount, share: amount / (busy || 1) }));
};

export const summarizeHeapProfile = async (file: string, count = 15): Promise<HotSpot[]> => {
  const profile = JSON.parse(await readFile(file, 'utf8')) as { head: HeapNode };
  const totals = new Map<string, number>();
  const visit = (node: HeapNode): void => {
    const where = label(node.callFrame);
    totals.set(where, (totals.get(where) ?? 0) + node.selfSize);
    for (const child of node.children) visit(child);
  };
  visit(profile.head);
  return top(totals, count);
};
