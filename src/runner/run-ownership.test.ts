import { describe, expect, it } from 'vitest';
import type { RunRow } from '../store/contract/store-types.js';
import { assertNotOwnedElsewhere } from './run-ownership.js';

const run = (overrides: Partial<RunRow>): RunRow => ({
  id: 'r1',
  suiteName: 's',
  suitePath: '/s.yaml',
  suiteHash: 'h',
  status: 'running',
  startedAt: new Date().toISOString(),
  finishedAt: undefined,
  config: {},
  totalPlanned: 1,
  ownerPid: undefined,
  heartbeatAt: undefined,
  ...overrides,
});

describe('assertNotOwnedElsewhere', () => {
  const now = Date.parse('2026-01-01T00:00:10Z');
  const fresh = '2026-01-01T00:00:05Z';

  it('refuses a run another live process is working on', () => {
    // the parent process is alive and is not this one
    expect(() => assertNotOwnedElsewhere(run({ ownerPid: process.ppid, heartbeatAt: fresh }), now)).toThrow(
      `is still running in process ${process.ppid}`,
    );
  });

  it('allows a run whose owner stopped sending heartbeats (killed, or the pid was reused)', () => {
    expect(() =>
      assertNotOwnedElsewhere(
        run({ ownerPid: process.ppid, heartbeatAt: '2026-01-01T00:00:00Z' }),
        now + 60_000,
      ),
    ).not.toThrow();
  });

  it('allows a run that is not running, or whose owner process is gone', () => {
    expect(() =>
      assertNotOwnedElsewhere(run({ status: 'aborted', ownerPid: process.ppid, heartbeatAt: fresh }), now),
    ).not.toThrow();
    expect(() =>
      assertNotOwnedElsewhere(run({ ownerPid: 2 ** 22 + 7, heartbeatAt: fresh }), now),
    ).not.toThrow();
  });
});
