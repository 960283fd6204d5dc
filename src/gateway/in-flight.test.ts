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

  it('keeps exactly the unfinished ones, however the requests finish and begin in between', async () => {
    const requests = createInFlight();
    const told: number[] = [];
    let seed = 7;
    const random = (below: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % below;
    };
    const open: Array<{ name: number; response: ReturnType<typeof fakeResponse>; done: () => void }> = [];
    let named = 0;
    for (let step = 0; step < 2_000; step += 1) {
      if (open.length === 0 || random(3) > 0) {
        const response = fakeResponse();
        const name = named++;
        open.push({ name, response, done: requests.begin(asResponse(response), () => told.push(name)) });
      } else {
        // the first, the last or one in the middle, each half done by its handler, half by its close
        const [finished] = open.splice(random(open.length), 1);
        finished?.done();
        if (random(2) === 0) finished?.done();
        finished?.response.emit('close');
      }
      expect(requests.size).toBe(open.length);
    }
    expect(requests.cutOff()).toBe(open.length);
    expect(told.sort((a, b) => a - b)).toEqual(open.map((request) => request.name).sort((a, b) => a - b));
    for (const request of open) request.done();
    expect(await requests.settled(20)).toBe(true);
  });
});
