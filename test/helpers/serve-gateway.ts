// Starts the built `yardstick serve` on a project's gateway.yaml with a fresh store holding one key; for the
// monitor and capture end-to-end tests.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createApiKey } from '../../src/gateway/api-keys.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite.js';
import { binPath } from './run-cli.js';

export interface ServedGateway {
  url: string;
  key: string;
  db: string;
  child: ChildProcess;
  stderr: () => string;
  /** SIGTERM, then the exit code once it stopped. */
  stop(): Promise<number | null>;
}

export const serveGateway = async (cwd: string, env: Record<string, string> = {}): Promise<ServedGateway> => {
  const db = path.join(cwd, 'gateway.db');
  const store = openSqliteStores(db).gateway;
  const { key } = await createApiKey(store, { name: `team-${Date.now()}-${Math.random()}` });
  await store.close();
  const child = spawn(
    process.execPath,
    [binPath, 'serve', '--config', 'gateway.yaml', '--port', '0', '--db', db],
    {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, CI: 'true', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /gateway on (http:\/\/\S+)\/v1/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`serve exited ${code} before listening: ${stderr}`)));
  });
  return {
    url,
    key,
    db,
    child,
    stderr: () => stderr,
    stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
};

/** One non-streamed chat request on the route; the answer's text. */
export const askRoute = async (gateway: ServedGateway, route: string, question: string): Promise<string> => {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.key}` },
    body: JSON.stringify({
      model: route,
      messages: [
        { role: 'system', content: 'You answer questions about baggage for Acme Air.' },
        { role: 'user', content: question },
      ],
    }),
  });
  const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
  return body.choices[0]?.message.content ?? '';
};
