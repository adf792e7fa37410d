/**
 * An HTTP/1.1 proxy in front of a server (the simulator) that counts the TCP connections clients open and
 * closes a connection, without warning (no `Connection: close`), after every `closeEvery`-th answer on it:
 * what a server's idle timeout or a load balancer does to a kept-alive connection. A client that keeps
 * connections alive opens fewer connections than it sends requests, and one that survives the close still
 * succeeds on every request.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ClosingProxy {
  url: string;
  /** TCP connections accepted so far. */
  connections(): number;
  /** Requests answered so far. */
  requests(): number;
  close(): Promise<void>;
}

export async function startClosingProxy(target: string, closeEvery: number): Promise<ClosingProxy> {
  const upstream = new URL(target);
  let connections = 0;
  let requests = 0;
  const served = new WeakMap<Socket, number>();
  const server: Server = createServer((req: IncomingMessage, res) => {
    const socket = req.socket;
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
    res.on('finish', () => {
      requests += 1;
      const count = (served.get(socket) ?? 0) + 1;
      served.set(socket, count);
      // Closed right after the answer went out, in the same turn (a later turn left a window in which a fast
      // client had already sent its next request on it): the client finds out only when it uses the
      // connection again.
      if (count % closeEvery === 0) socket.destroy();
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
