// Every test runs with outbound connections limited to loopback: a test that tries to
// reach a real provider fails loudly instead of passing by luck on a machine with network.
import net from 'node:net';

const loopback = (host: string | undefined): boolean =>
  host === undefined ||
  host === 'localhost' ||
  host === '::1' ||
  host === '[::1]' ||
  host.startsWith('127.') ||
  host.startsWith('::ffff:127.');

const originalConnect = net.Socket.prototype.connect;
type ConnectArgs = Parameters<typeof originalConnect>;

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: ConnectArgs) {
  // net.connect and http agents pass their already normalized arguments: an array holding the options first
  const first: unknown = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  let host: string | undefined;
  let isPipe = false;
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; path?: string };
    host = options.host;
    isPipe = typeof options.path === 'string';
  } else if (typeof first === 'string' && Number.isNaN(Number(first))) {
    isPipe = true;
  } else if (typeof args[1] === 'string') {
    host = args[1];
  }
  if (!isPipe && !loopback(host)) {
    throw new Error(`test tried to reach the network (${String(host)}); tests may only talk to loopback`);
  }
  return originalConnect.apply(this, args);
} as typeof originalConnect;
