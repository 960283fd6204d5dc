import { describe, expect, it } from 'vitest';
import type { QualificationRecord } from '../../store/contract/qualification-store.js';
import type { LoadedGatewayConfig, ResolvedTarget } from '../load-gateway-config.js';
import { createRouteQualifications } from '../route-qualifications.js';
import { testQualification, testRoute, testTarget } from '../test-gateway.js';
import { cheapestPassingPolicy } from './cheapest-passing.js';

const target = (name: string): ResolvedTarget => ({ ...testTarget(name), name });
const route = testRoute({
  name: 'faq',
  policy: 'cheapest-passing',
  targets: [target('big'), target('mid'), target('small')],
});

const setup = async (records: QualificationRecord[]) => {
  const qualifications = createRouteQualifications({
    loaded: { routes: new Map([['faq', route]]) } as LoadedGatewayConfig,
    reader: { newestId: async () => records.at(-1)?.id ?? 0, latest: async () => records.slice(-1) },
    log: () => {},
    pollMs: 0,
  });
  await qualifications.ready();
  return { qualifications, policy: cheapestPassingPolicy(route, qualifications) };
};

const names = (targets: readonly ResolvedTarget[]) => targets.map((picked) => picked.name);

describe('the cheapest-passing policy', () => {
  it('serves the listed order while the route has no record', async () => {
    const { policy } = await setup([]);
    expect(names(policy.order(Math.random))).toEqual(['big', 'mid', 'small']);
  });

  it('serves the chosen target first, then the record’s order, the same array on every request', async () => {
    const { policy } = await setup([testQualification('faq', ['mid', 'big', 'small'])]);
    const first = policy.order(Math.random);
    expect(names(first)).toEqual(['mid', 'big', 'small']);
    expect(policy.order(Math.random)).toBe(first);
  });

  it('goes back to the listed order when the newest record has no qualified target', async () => {
    const records = [testQualification('faq', ['mid', 'big', 'small'])];
    const { qualifications, policy } = await setup(records);
    records.push({ ...testQualification('faq', ['small', 'mid', 'big'], null), id: 2 });
    await qualifications.refresh();
    expect(names(policy.order(Math.random))).toEqual(['big', 'mid', 'small']);
    expect(qualifications.of('faq')?.qualified).toBe(false);
  });
});
