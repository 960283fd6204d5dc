// What serve says on a second signal: every request, trace and monitor sample it gives up on, or that none was.
import { describe, expect, it } from 'vitest';
import { describeLoss } from './shutdown-report.js';

describe('describeLoss', () => {
  it('names the monitor samples not yet scored beside the requests and traces', async () => {
    expect(describeLoss({ inFlight: 1, traces: { queued: 2 }, monitor: { queued: 4 } })).toBe(
      'second signal: exiting now; lost: 1 request(s) still in flight (cut off) and 3 trace(s) not yet written and 4 monitor sample(s) not yet scored',
    );
  });

  it('says nothing was lost only when no sample waits either', async () => {
    expect(describeLoss({ inFlight: 0, traces: { queued: 0 } })).toBe(
      'second signal: exiting now; nothing was lost',
    );
    expect(describeLoss({ inFlight: 0, traces: { queued: 0 }, monitor: { queued: 1 } })).toContain(
      '1 monitor sample(s) not yet scored',
    );
  });
});
