// The eval and serve commands, as built, must not load the packages only some runs need: pg-boss (distributed
// runs), AWS's signer and event-stream codec (Bedrock) and ioredis (a gateway.yaml that names Redis). Each costs
// 10 to 19 MB of memory and 25 to 50 ms at start (bench/README.md); a 6,000-call eval peaked 24 MB lower
// without them.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = (file: string): string => fileURLToPath(new URL(`../dist/cli/${file}`, import.meta.url));

/** The packages under node_modules that importing `files` loaded, by name. */
const packagesLoadedBy = (files: string[]): string[] => {
  const script = `
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    for (const file of ${JSON.stringify(files)}) await import(file);
    const names = Object.keys(require.cache)
      .filter((file) => file.includes('/node_modules/'))
      .map((file) => {
        const [scope, name] = file.split('/node_modules/').at(-1).split('/');
        return scope.startsWith('@') ? scope + '/' + name : scope;
      });
    console.log(JSON.stringify([...new Set(names)]));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout) as string[];
};

describe('what the eval and serve commands load', () => {
  it('leaves pg-boss, ioredis and the AWS SDK parts unloaded until a run needs them', () => {
    const loaded = packagesLoadedBy([dist('eval-command.js'), dist('serve-command.js')]);
    // the check sees what is loaded: the HTTP client every call needs is there
    expect(loaded).toContain('undici');
    for (const lazy of [
      'pg-boss',
      'ioredis',
      '@smithy/signature-v4',
      '@smithy/core',
      '@aws-crypto/sha256-js',
    ]) {
      expect(loaded, lazy).not.toContain(lazy);
    }
  });
});
