// Which store a command opens: --store, then its older name --db, then gateway.yaml's store:, then
// YARDSTICK_STORE, then the project's file; a location yardstick cannot open names where it came from.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseStore } from './store-location.js';

const fromConfig = { store: 'postgres://db/from-config', file: '/srv/gateway.yaml' };
const env = { YARDSTICK_STORE: 'postgres://db/from-env' };

describe('chooseStore', () => {
  it('takes --store first, then --db, then the config, then YARDSTICK_STORE, then .yardstick/yardstick.db', () => {
    expect(chooseStore({ store: 'sqlite:a.db', db: undefined }, fromConfig, env)).toEqual({
      location: 'sqlite:a.db',
      source: '--store',
    });
    expect(chooseStore({ db: 'b.db' }, fromConfig, env)).toEqual({ location: 'b.db', source: '--db' });
    expect(chooseStore({}, fromConfig, env)).toEqual({
      location: 'postgres://db/from-config',
      source: '/srv/gateway.yaml store',
    });
    expect(chooseStore({}, { file: '/srv/gateway.yaml' }, env)).toEqual({
      location: 'postgres://db/from-env',
      source: 'YARDSTICK_STORE',
    });
    expect(chooseStore({}, undefined, {})).toEqual({
      location: path.resolve('.yardstick', 'yardstick.db'),
      source: 'the default store',
    });
  });

  it('ignores an empty YARDSTICK_STORE', () => {
    expect(chooseStore({}, undefined, { YARDSTICK_STORE: '' }).source).toBe('the default store');
  });

  it('refuses --store and --db naming two stores, and accepts both naming the same one', () => {
    expect(() => chooseStore({ store: 'a.db', db: 'b.db' }, undefined, {})).toThrow(
      expect.objectContaining({ code: 'E_CONFIG', message: expect.stringContaining('--store and --db') }),
    );
    expect(chooseStore({ store: 'a.db', db: 'a.db' }, undefined, {}).location).toBe('a.db');
  });

  it.each([
    [{ store: 'mysql://u:pw@db/ys' }, {}, '--store: "mysql://u:***@db/ys" is not a store'],
    [
      {},
      { YARDSTICK_STORE: 'redis://127.0.0.1:6379' },
      'YARDSTICK_STORE: "redis://127.0.0.1:6379" is not a store',
    ],
  ])('names where a store it cannot open came from: %j %j', (values, environment, message) => {
    let thrown: unknown;
    try {
      chooseStore(values, undefined, environment);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'E_CONFIG', message: expect.stringContaining(message) });
    expect(String((thrown as Error).message)).not.toContain(':pw@');
  });
});
