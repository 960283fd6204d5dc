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
}

interface CpuProfile {
  nodes: CpuNode[];
  samples: number[];
  timeDeltas: number[];
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

export const summarizeCpuProfile = async (file: string, count = 15): Promise<HotSpot[]> => {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    if (node === undefined) return;
    const where = label(node.callFrame);
    totals.set(where, (totals.get(where) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  return top(totals, count);
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
