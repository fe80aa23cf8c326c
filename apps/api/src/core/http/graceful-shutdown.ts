import type { ServerResponse } from 'node:http';
import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';

/**
 * Draining on SIGTERM without cutting anyone off.
 *
 * 1. Stop accepting connections, but do not yet close idle ones: a connection the server has
 *    accepted but whose request it has not parsed yet (the event loop was busy) looks idle to
 *    Node, and closing it would reset a request the client has already sent.
 * 2. From then on every answer carries `Connection: close`, so each keep-alive connection
 *    closes cleanly after its last answer.
 * 3. When nothing has been in flight for a quiet moment, the caller closes the rest
 *    (`app.close()`), then the database.
 */
export class GracefulShutdown {
  private draining = false;
  private lastActivity = 0;
  private readonly inFlight = new Set<ServerResponse>();

  /** Called for every request as it starts. */
  track(res: ServerResponse): void {
    this.lastActivity = Date.now();
    this.inFlight.add(res);
    res.once('close', () => {
      this.inFlight.delete(res);
      this.lastActivity = Date.now();
    });
    if (this.draining) res.setHeader('Connection', 'close');
  }

  /** Steps 1 and 2, then resolves once no request has been in flight for `quietMs`. */
  async drain(server: Server, quietMs = 250): Promise<void> {
    this.draining = true;
    for (const res of this.inFlight) {
      if (!res.headersSent) res.setHeader('Connection', 'close');
    }
    // net.Server's close, not http.Server's: stop listening without closing idle connections.
    NetServer.prototype.close.call(server);
    this.lastActivity = Date.now();
    while (this.inFlight.size > 0 || Date.now() - this.lastActivity < quietMs) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
