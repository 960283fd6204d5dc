// Runs the built `yardstick` CLI in a child process (async, so an in-process fake server keeps answering).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const binPath = fileURLToPath(new URL('../../bin/yardstick.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  env?: Record<string, string>;
  /** Called with the child as soon as it starts, e.g. to send it SIGINT. */
  onSpawn?: (child: ChildProcess) => void;
}

export const runCli = (args: string[], options: CliOptions): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: options.cwd,
      // a clean environment: no real provider key of the developer's leaks into a test
      env: { PATH: process.env.PATH ?? '', HOME: options.cwd, CI: 'true', NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    options.onSpawn?.(child);
  });

/** A fresh project folder holding the given files. */
export const makeProject = (files: Record<string, string>): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-e2e-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
};
