// The gateway's HTTP server: node:http with keep-alive, and a shutdown that loses no request and no trace.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Gateway } from './gateway.js';

export interface RunningServer {
  url: string;
  port: number;
  /** Stop accepting, finish the requests in flight, write the queued traces, close the connections. */
  close(): Promise<void>;
}

export const startGatewayServer = (gateway: Gateway, host: string, port: number): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    const server: Server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
      void gateway.handle(request, response);
    });
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${shownHost}:${address.port}`,
        port: address.port,
        async close() {
          const closed = new Promise<void>((done) => server.close(() => done()));
          server.closeIdleConnections();
          await gateway.drain();
          server.closeAllConnections();
          await closed;
        },
      });
    });
  });
