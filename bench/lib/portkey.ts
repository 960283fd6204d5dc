// Finds the gateway benchmark's peer, the Portkey AI gateway installed by bench/peer/setup-portkey.sh outside the
// repo, and builds its command line: the package's bin, headless, on this Node.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PortkeyInstall {
  dir: string;
  entrypoint: string;
  version: string;
}

export const defaultPortkeyDir = (): string =>
  process.env.PORTKEY_DIR ?? path.join(os.homedir(), '.cache', 'yardstick-bench', 'portkey');

/** The install under `dir`, or undefined when @portkey-ai/gateway is missing there. */
export const findPortkey = (dir = defaultPortkeyDir()): PortkeyInstall | undefined => {
  const pkgDir = path.join(dir, 'node_modules', '@portkey-ai', 'gateway');
  const entrypoint = path.join(pkgDir, 'build', 'start-server.js');
  if (!existsSync(entrypoint)) return undefined;
  const { version } = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { dir, entrypoint, version };
};

export const portkeySetupHint = (dir: string): string =>
  `Portkey not found under ${dir} (need node_modules/@portkey-ai/gateway/build/start-server.js).\n` +
  `  Set it up with: bench/peer/setup-portkey.sh ${dir}\n` +
  '  or point PORTKEY_DIR at an existing install, then run `npm run bench:gateway` again.';

/**
 * start-server.js reads only `--port=N` (with "=") and `--headless` (no UI routes or log page). It listens on
 * every interface and logs "Your AI Gateway is running at: http://localhost:N" when ready.
 */
export const portkeyArgs = (install: PortkeyInstall, port: number): string[] => [
  install.entrypoint,
  `--port=${port}`,
  '--headless',
];

/** Its custom-host check trusts 127.0.0.1 by default; nothing else needs setting for a local upstream. */
export const portkeyHeaders = (upstreamBaseUrl: string): Record<string, string> => ({
  'content-type': 'application/json',
  authorization: 'Bearer sk-bench',
  'x-portkey-provider': 'openai',
  'x-portkey-custom-host': upstreamBaseUrl,
});
