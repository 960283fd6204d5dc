import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createInFlight } from './in-flight.js';

/** Just what the tracker uses of a response: its 'close' event and destroy(). */
const fakeResponse = () => {
  const emitter = new EventEmitter();
  const response = Object.assign(emitter, {
    destroyed: false,
    destroy() {
      response.destroyed = true;
      emitter.emit('close');
    },
  });
  return response;
};
const asResponse = (fake: ReturnType<typeof fakeResponse>): ServerResponse =>
  fake as unknown as ServerResponse;

describe('createInFlight', () => {
  it('counts a request until both its handler returned and its response closed', async () => {
    const requests = createInFlight();
    const response = fakeResponse();
    const done = requests.begin(asResponse(response), () => {});
    done();
    // the handler returned but the last bytes are not handed over yet: closing now would cut them off
    expect(requests.size).toBe(1);
    const settled = requests.settled(1_000);
    response.emit('close');
    expect(await settled).toBe(true);
    expect(requests.size).toBe(0);
  });

  it('gives up after the timeout, and cuts off what is left, telling each request', async () => {
    const requests = createInFlight();
    const finished = fakeResponse();
    requests.begin(asResponse(finished), () => {})();
    finished.emit('close');
    const stuck = fakeResponse();
    const told: string[] = [];
    const done = requests.begin(asResponse(stuck), () => told.push('cut'));
    expect(await requests.settled(20)).toBe(false);
    expect(requests.cutOff()).toBe(1);
    expect(told).toEqual(['cut']);
    expect(stuck.destroyed).toBe(true);
    done();
    expect(await requests.settled(20)).toBe(true);
  });
});
