import { serve, type ServerType } from '@hono/node-server';
import { ConfigError } from './config';

/** Listens on `port`; a taken or forbidden port becomes a ConfigError (one line), not a crash. */
export function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
): Promise<ServerType> {
  return new Promise((resolvePromise, reject) => {
    const server = serve({ fetch, port }, () => resolvePromise(server));
    // Keep idle connections longer than a shape long-poll cycle: Node's 5 s
    // default closes connections that already carry a client's next request
    // while the server is busy, which clients see as resets and back off from
    // (docs/benchmarks.md, sync read path).
    if ('keepAliveTimeout' in server) {
      server.keepAliveTimeout = 65_000;
      server.headersTimeout = 66_000;
    }
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new ConfigError(`port ${port} is already in use; set PORT to a free port`));
      } else if (error.code === 'EACCES') {
        reject(
          new ConfigError(`not allowed to listen on port ${port}; set PORT to a port above 1023`),
        );
      } else {
        reject(error);
      }
    });
  });
}
