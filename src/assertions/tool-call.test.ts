import { describe, expect, it } from 'vitest';
import { fakeContext } from './__fixtures__/fake-context.js';
import { toolCall } from './tool-call.js';

const context = fakeContext({
  toolCalls: [
    { id: '1', name: 'search_flights', arguments: '{"from":"OSL","to":"LHR"}' },
    { id: '2', name: 'lookup_booking', arguments: '{"ref":"AB12","lastName":"Berg"}' },
  ],
});

describe('tool-call', () => {
  it('passes on a name alone', () => {
    expect(toolCall({ type: 'tool-call', name: 'lookup_booking' }, context).pass).toBe(true);
  });
  it('lists the calls made when the name is wrong', () => {
    const single = fakeContext({
      toolCalls: [{ id: '1', name: 'search_flights', arguments: '{"to":"LHR"}' }],
    });
    expect(toolCall({ type: 'tool-call', name: 'lookup_booking' }, single).reason).toBe(
      'expected a call to lookup_booking; got search_flights({"to":"LHR"})',
    );
    expect(toolCall({ type: 'tool-call', name: 'x' }, fakeContext()).reason).toBe(
      'expected a call to x; got no tool calls',
    );
  });
  it('matches a subset of arguments by default', () => {
    const config = { type: 'tool-call', name: 'lookup_booking', arguments: { ref: 'AB12' } } as const;
    expect(toolCall(config, context).pass).toBe(true);
    expect(toolCall({ ...config, arguments: { ref: 'ZZ99' } }, context)).toMatchObject({ pass: false });
  });
  it('requires equal arguments with exact', () => {
    const config = {
      type: 'tool-call',
      name: 'lookup_booking',
      arguments: { ref: 'AB12' },
      exact: true,
    } as const;
    const result = toolCall(config, context);
    expect(result.pass).toBe(false);
    expect(result.reason).toMatch(
      /^expected a call to lookup_booking with arguments exactly \{"ref":"AB12"\}; got /,
    );
    expect(toolCall({ ...config, arguments: { lastName: 'Berg', ref: 'AB12' } }, context).pass).toBe(true);
  });
  it('fails with the parse error when arguments are not JSON, and reads "" as {}', () => {
    const broken = fakeContext({ toolCalls: [{ id: '1', name: 'lookup_booking', arguments: '{"ref":' }] });
    const result = toolCall(
      { type: 'tool-call', name: 'lookup_booking', arguments: { ref: 'AB12' } },
      broken,
    );
    expect(result.pass).toBe(false);
    expect(result.reason).toMatch(/^lookup_booking arguments are not valid JSON: /);
    const empty = fakeContext({ toolCalls: [{ id: '1', name: 'list', arguments: '' }] });
    expect(toolCall({ type: 'tool-call', name: 'list', arguments: {}, exact: true }, empty).pass).toBe(true);
  });
});
