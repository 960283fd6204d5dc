// The gateway's HTTP server: node:http with keep-alive, and a shutdown that loses no request and no trace.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerClientError } from './answer-client-error.js';
import type { DrainOutcome, Gateway } from './gateway.js';

export interface RunningServer {
  url: string;
  port: number;
  /**
   * Stop accepting connections, finish the requests in flight (up to the drain timeout), write the queued
   * traces, then close the connections. Calling it again returns the same outcome.
   */
  close(): Promise<DrainOutcome>;
}

export const startGatewayServer = async (
  gateway: Gateway,
  host: string,
  port: number,
): Promise<RunningServer> => {
  await gateway.ready();
  return new Promise((resolve, reject) => {
    const server: Server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
      void gateway.handle(request, response);
    });
    server.on('clientError', answerClientError);
    let closing: Promise<DrainOutcome> | undefined;
    const close = async (): Promise<DrainOutcome> => {
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeIdleConnections();
      const outcome = await gateway.drain();
      // every answer was handed to the operating system before drain() returned: closing cuts nothing short
      server.closeAllConnections();
      await closed;
      return outcome;
    };
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${shownHost}:${address.port}`,
        port: address.port,
        close() {
          closing ??= close();
          return closing;
        },
      });
    });
  });
};
