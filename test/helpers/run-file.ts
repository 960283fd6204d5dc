// Hand-made run files (the shape `yardstick eval --output run.json` writes) for tests of compare and plan.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** One group of cases: how many, and each case's outcome per repeat (true = passed). */
export interface CaseGroup {
  count: number;
  repeats: boolean[];
}

/** A run file of one model whose cases, named `case-0`, `case-1`, …, follow the groups in order. */
export const runFileOf = (runId: string, model: string, groups: CaseGroup[]): string => {
  const results: object[] = [];
  let index = 0;
  for (const group of groups) {
    for (let i = 0; i < group.count; i++, index++) {
      group.repeats.forEach((pass, repeat) => {
        results.push({
          caseId: `case-${index}`,
          model,
          prompt: 'p',
          repeat,
          pass,
          output: pass ? 'ok' : 'no',
        });
      });
    }
  }
  return JSON.stringify({ version: 1, run: { id: runId }, results });
};

export const writeRunFile = (dir: string, name: string, model: string, groups: CaseGroup[]): string => {
  const file = path.join(dir, name);
  writeFileSync(file, runFileOf(name.replace(/\.json$/, ''), model, groups));
  return file;
};

/** `passes` passes then failures, over `runs` repeats. */
export const outcomes = (passes: number, runs: number): boolean[] =>
  Array.from({ length: runs }, (_, repeat) => repeat < passes);
