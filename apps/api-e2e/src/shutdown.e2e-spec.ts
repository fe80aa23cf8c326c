import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, startServer, tempDir } from './support/server';

describe('graceful shutdown on SIGTERM', () => {
  const dataDir = tempDir();
  afterAll(() => cleanup(dataDir));

  it('finishes the requests in flight, refuses new ones, closes the database and exits 0', async () => {
    const server = await startServer({ dataDir, env: { SEED_DEMO: 'false', RATE_LIMIT_SIGNUP_PER_HOUR: '1000' } });
    // Sign-ups are slow on purpose (Argon2id), so several are in flight when the signal lands.
    const body = (i: number) =>
      JSON.stringify({
        tenant_name: `Shutdown ${i}`,
        tenant_slug: `shutdown-${i}`,
        admin_email: `a${i}@example.com`,
        admin_name: 'A',
        admin_password: 'correct horse battery staple',
      });
    const outcomes = Array.from({ length: 12 }, (_, i) =>
      fetch(`${server.url}/api/signup`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body(i) }).then(
        (r) => r.status,
        (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message,
      ),
    );
    await outcomes[0];
    const signalled = Date.now();
    server.proc.kill('SIGTERM');
    const results = await Promise.all(outcomes);
    expect(await server.exited).toBe(0);
    // Idle keep-alive connections are closed at once rather than left to time out.
    expect(Date.now() - signalled).toBeLessThan(3_000);

    // Every request either completed or was never accepted: none was cut off mid-way.
    expect(results.filter((r) => r !== 201 && r !== 'ECONNREFUSED')).toEqual([]);
    expect(results.filter((r) => r === 201).length).toBeGreaterThan(1);
    const messages = server.logs().map((l) => l['msg']);
    expect(messages).toContain('shutting down: finishing in-flight requests');
    expect(messages[messages.length - 1]).toBe('stopped');
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);

    // Nothing half-written: every tenant that answered 201 is whole after a restart.
    const again = await startServer({ dataDir, env: { SEED_DEMO: 'false' } });
    try {
      const res = await fetch(`${again.url}/health`);
      expect(res.status).toBe(200);
    } finally {
      await again.stop();
    }
  });
});
