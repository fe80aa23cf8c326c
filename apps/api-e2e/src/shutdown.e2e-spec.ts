import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { cleanup, cli, startServer, tempDir, useServerDatabase } from './support/server';

interface Outcome {
  status?: number;
  error?: string;
}

/** A POST on a keep-alive connection of its own; never rejects. */
function post(url: string, body: string, agent: Agent): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end(body);
  });
}

describe('graceful shutdown on SIGTERM', () => {
  const dataDir = tempDir();
  const db = useServerDatabase();
  afterAll(() => cleanup(dataDir));

  it('finishes the requests in flight, closes each connection after its answer, closes the database and exits 0', async () => {
    const env = { SEED_DEMO: 'false', RATE_LIMIT_SIGNUP_PER_HOUR: '1000', ...db.env() };
    const server = await startServer({ dataDir, env });
    const agent = new Agent({ keepAlive: true });
    // Sign-ups are slow on purpose (Argon2id), so several are in flight when the signal lands.
    const body = (i: number) =>
      JSON.stringify({
        tenant_name: `Shutdown ${i}`,
        tenant_slug: `shutdown-${i}`,
        admin_email: `a${i}@example.com`,
        admin_name: 'A',
        admin_password: 'correct horse battery staple',
      });
    const outcomes = Array.from({ length: 12 }, (_, i) => post(`${server.url}/api/signup`, body(i), agent));
    await Promise.race(outcomes);
    const signalled = Date.now();
    server.proc.kill('SIGTERM');
    const results = await Promise.all(outcomes);
    expect(await server.exited).toBe(0);
    agent.destroy();

    // Every request the server had taken was answered in full. One still waiting in the
    // kernel's accept queue when the listener closed was never read: the client sees a reset,
    // and nothing happened for it.
    const answered = results.filter((r) => r.status === 201).length;
    expect(results.filter((r) => r.status !== 201 && r.error !== 'ECONNRESET' && r.error !== 'ECONNREFUSED')).toEqual([]);
    expect(answered).toBeGreaterThanOrEqual(6);
    // (That answers given while draining close their connection is shown in-process, where
    // timing is exact: graceful-shutdown.spec.ts.)
    const messages = server.logs().map((l) => l['msg']);
    expect(messages).toContain('shutting down: finishing in-flight requests');
    // No waiting for keep-alive connections to time out.
    expect(Date.now() - signalled).toBeLessThan(4_000);

    expect(messages[messages.length - 1]).toBe('stopped');
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);

    // Exactly the tenants that were answered 201 exist: no work without an answer, no
    // answer without the work.
    const listed = cli(dataDir, ['tenants', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(answered);
  });

  it('refuses new connections once draining', async () => {
    const server = await startServer({ dataDir: tempDir(), env: { SEED_DEMO: 'false' } });
    server.proc.kill('SIGTERM');
    await server.exited;
    const res = await fetch(`${server.url}/health`).then(
      (r) => r.status,
      (e: Error & { cause?: { code?: string } }) => e.cause?.code,
    );
    expect(res).toBe('ECONNREFUSED');
  });
});
