// Places and writes the adapter modules of JavaScript providers; a file of the same name that an import did not
// write is the user's and is never overwritten.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { YardstickError } from '../../spec/errors.js';
import { displayFile } from '../../suite/suite-problem.js';
import type { ProviderOptions } from './map-providers.js';
import { type AdapterSpec, adapterMarker, renderAdapter } from './provider-adapter.js';

/** `placeAdapter` for adapters in `adapterDir`, named after the provider file, referred to from `suiteDir`. */
export const adapterPlacer = (adapterDir: string, suiteDir: string): ProviderOptions['placeAdapter'] => {
  const used = new Set<string>();
  return (stem) => {
    let name = `${stem}.yardstick.mjs`;
    for (let count = 2; used.has(name); count++) name = `${stem}-${count}.yardstick.mjs`;
    used.add(name);
    const file = path.join(adapterDir, name);
    const relative = path.relative(suiteDir, file).split(path.sep).join('/');
    return {
      file,
      suitePath: relative.startsWith('.') || path.isAbsolute(relative) ? relative : `./${relative}`,
    };
  };
};

export const writeAdapters = (adapters: readonly AdapterSpec[]): void => {
  for (const spec of adapters) {
    const source = renderAdapter(spec);
    if (existsSync(spec.adapterFile)) {
      const current = readFileSync(spec.adapterFile, 'utf8');
      if (current === source) continue;
      if (!current.startsWith(adapterMarker)) {
        throw new YardstickError(
          'E_CONFIG',
          `${displayFile(spec.adapterFile)} exists and was not written by \`yardstick import\`; move it, or write the suite elsewhere with -o`,
        );
      }
    }
    mkdirSync(path.dirname(spec.adapterFile), { recursive: true });
    writeFileSync(spec.adapterFile, source);
  }
};
