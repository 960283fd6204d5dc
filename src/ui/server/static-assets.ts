// The built web app (dist/ui/web), read into memory once at start: a request can only ever get one of these
// files, so no path it sends reaches the file system. Hashed assets are cached for good, index.html never.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { YardstickError } from '../../spec/errors.js';

export interface StaticAsset {
  body: Buffer;
  contentType: string;
  cacheControl: string;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Where `npm run build` puts the web app, beside the compiled server (dist/ui/server → dist/ui/web). */
export const defaultWebDir = (): string => fileURLToPath(new URL('../web/', import.meta.url));

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });

/** @throws YardstickError E_CONFIG when the web app was not built. */
export const loadStaticAssets = (dir = defaultWebDir()): Map<string, StaticAsset> => {
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new YardstickError(
      'E_CONFIG',
      `the web app is not built (no ${path.join(dir, 'index.html')}); run \`npm run build\``,
    );
  }
  const assets = new Map<string, StaticAsset>();
  for (const file of walk(dir)) {
    const urlPath = `/${path.relative(dir, file).split(path.sep).join('/')}`;
    const hashed = urlPath.startsWith('/assets/');
    assets.set(urlPath, {
      body: readFileSync(file),
      contentType: contentTypes[path.extname(file)] ?? 'application/octet-stream',
      cacheControl: hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  }
  return assets;
};
