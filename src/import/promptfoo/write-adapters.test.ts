import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { YardstickError } from '../../spec/errors.js';
import type { AdapterSpec } from './provider-adapter.js';
import { adapterPlacer, writeAdapters } from './write-adapters.js';

const specIn = (dir: string, config: Record<string, unknown> = {}): AdapterSpec => ({
  adapterFile: path.join(dir, 'echo.yardstick.mjs'),
  providerFile: path.join(dir, 'providers', 'echo.js'),
  options: { id: 'file://providers/echo.js', config },
});

describe('adapters of JavaScript providers', () => {
  it('names them after the provider, numbered when one provider appears twice, relative to the suite', () => {
    const place = adapterPlacer('/p/.yardstick/promptfoo', '/p');
    expect(place('echo')).toEqual({
      file: '/p/.yardstick/promptfoo/echo.yardstick.mjs',
      suitePath: '.yardstick/promptfoo/echo.yardstick.mjs',
    });
    expect(place('echo').suitePath).toBe('.yardstick/promptfoo/echo-2.yardstick.mjs');
    expect(adapterPlacer('/p', '/p')('x').suitePath).toBe('./x.yardstick.mjs');
  });

  it('rewrites its own adapter but never a file the import did not write', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'yardstick-adapter-'));
    writeAdapters([specIn(dir)]);
    writeAdapters([specIn(dir, { upper: true })]);
    expect(readFileSync(path.join(dir, 'echo.yardstick.mjs'), 'utf8')).toContain('"upper": true');
    expect(readFileSync(path.join(dir, 'echo.yardstick.mjs'), 'utf8')).toContain(
      'import * as providerModule from "./providers/echo.js"',
    );
    writeFileSync(path.join(dir, 'echo.yardstick.mjs'), 'export default () => "mine";\n');
    expect(() => writeAdapters([specIn(dir)])).toThrow(YardstickError);
    expect(readFileSync(path.join(dir, 'echo.yardstick.mjs'), 'utf8')).toBe('export default () => "mine";\n');
  });
});
