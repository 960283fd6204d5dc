// Runs one measured eval of each tool as a child process in its own folder under the benchmark's temp dir,
// then checks that it made every call and every case passed.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promptfooConfigYaml } from '../peer/promptfoo-config.js';
import { checkPromptfooOutput, checkYardstickRunJson, type ResultCheck } from './check-results.js';
import { type Measurement, measureChild } from './measure-child.js';
import { type PromptfooInstall, promptfooArgs, promptfooEnv } from './promptfoo.js';

export interface ToolResult {
  measurement: Measurement;
  check: ResultCheck;
}

const yardstickBin = fileURLToPath(new URL('../../bin/yardstick.js', import.meta.url));

export interface YardstickRun {
  tmp: string;
  suite: string;
  label: string;
  calls: number;
  concurrency: number;
  /** Extra node flags, e.g. `--cpu-prof` (bench/profile-yardstick.ts). */
  nodeFlags?: string[];
}

/** `yardstick eval <suite> --no-cache --concurrency N -o run.json` on this Node, store in a fresh YARDSTICK_DIR. */
export const runYardstick = async (run: YardstickRun): Promise<ToolResult> => {
  const { tmp, suite, label, calls, concurrency, nodeFlags = [] } = run;
  const dir = path.join(tmp, label);
  await mkdir(dir, { recursive: true });
  const runJson = path.join(dir, 'run.json');
  const args = [
    ...nodeFlags,
    yardstickBin,
    'eval',
    suite,
    '--no-cache',
    '--concurrency',
    String(concurrency),
    '-o',
    runJson,
  ];
  const env = { ...process.env, CI: 'true', YARDSTICK_DIR: path.join(dir, '.yardstick') };
  const measurement = await measureChild({
    command: process.execPath,
    args,
    cwd: dir,
    env,
    logBase: path.join(dir, 'log'),
  });
  const check = await checkYardstickRunJson(runJson, calls).catch(
    (): ResultCheck => ({ results: 0, passed: 0, errors: 0, ok: false }),
  );
  return { measurement, check };
};

export interface PromptfooRun {
  tmp: string;
  install: PromptfooInstall;
  baseUrl: string;
  cases: number;
  models: readonly string[];
  label: string;
  calls: number;
  concurrency: number;
}

/** promptfoo's default mode (writes its results db) with a fresh PROMPTFOO_CONFIG_DIR, on Node 22. */
export const runPromptfoo = async (run: PromptfooRun): Promise<ToolResult> => {
  const dir = path.join(run.tmp, run.label);
  await mkdir(path.join(dir, 'pfhome'), { recursive: true });
  const config = path.join(dir, 'promptfooconfig.yaml');
  const { baseUrl, cases, models, concurrency } = run;
  await writeFile(config, promptfooConfigYaml({ baseUrl, cases, models, concurrency }));
  const measurement = await measureChild({
    command: run.install.node,
    args: promptfooArgs(run.install, config, concurrency),
    cwd: dir,
    env: promptfooEnv(run.install, path.join(dir, 'pfhome')),
    logBase: path.join(dir, 'log'),
  });
  const check = await checkPromptfooOutput(path.join(dir, 'log.out'), run.calls);
  return { measurement, check };
};
