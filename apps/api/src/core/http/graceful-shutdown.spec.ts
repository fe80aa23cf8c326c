import { Agent, createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GracefulShutdown } from './graceful-shutdown';

function get(port: number, path: string, agent: Agent): Promise<{ status?: number; connection?: string; error?: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code }));
    req.end();
  });
}

describe('GracefulShutdown', () => {
  let server: Server;
  let port: number;
  let shutdown: GracefulShutdown;
  let release: () => void;
  const agent = new Agent({ keepAlive: true });

  beforeEach(async () => {
    shutdown = new GracefulShutdown();
    const answer = (res: ServerResponse) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    server = createServer((req, res) => {
      shutdown.track(res);
      if (req.url === '/slow') release = () => answer(res);
      else answer(res);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(() => {
    server.closeAllConnections();
    server.close();
  });
  afterAll(() => agent.destroy());

  it('keeps connections alive in normal times', async () => {
    expect(await get(port, '/fast', agent)).toEqual({ status: 200, connection: 'keep-alive' });
  });

  it('answers a request in flight, with Connection: close, before it resolves', async () => {
    const inFlight = get(port, '/slow', agent);
    await new Promise((r) => setTimeout(r, 50));
    let drained = false;
    const draining = shutdown.drain(server, 50).then(() => (drained = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(drained).toBe(false);

    release();
    expect(await inFlight).toEqual({ status: 200, connection: 'close' });
    await draining;
    expect(drained).toBe(true);
  });

  it('stops accepting new connections at once', async () => {
    const draining = shutdown.drain(server, 10);
    expect(await get(port, '/fast', new Agent())).toEqual({ error: 'ECONNREFUSED' });
    await draining;
  });

  it('tells a request arriving on an open connection to close it', async () => {
    // A keep-alive connection opened before the drain, reused after it began.
    expect((await get(port, '/fast', agent)).connection).toBe('keep-alive');
    const draining = shutdown.drain(server, 50);
    expect(await get(port, '/fast', agent)).toEqual({ status: 200, connection: 'close' });
    await draining;
  });
});
