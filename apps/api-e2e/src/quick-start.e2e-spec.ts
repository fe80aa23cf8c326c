import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, RunningServer, startServer, tempDir } from './support/server';

/** The README's first command: a fresh data directory, a demo tenant, what to do next. */
describe('quick start on the embedded database', () => {
  const dataDir = tempDir();
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });
  afterAll(() => cleanup(dataDir));

  const field = (out: string, label: string) => new RegExp(`${label}\\s+(\\S+)`).exec(out)?.[1];

  it('creates the demo tenant on first start and prints the URLs, the admin login and the API token', async () => {
    server = await startServer({ dataDir });
    const out = server.stdout();
    expect(out).toContain(`API docs        http://localhost:${server.port}/api/docs`);
    expect(out).toContain(`Demo tenant     http://demo.localhost:${server.port}   (created now)`);
    expect(out).toMatch(/Demo admin {6}admin@demo\.example \/ \S{20}\n/);
    const token = field(out, 'Demo API token') as string;
    expect(token).toMatch(/^ct_/);

    const res = await fetch(`${server.url}/api/tenant`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ slug: 'demo', portal_url: `http://demo.localhost:${server.port}`, test_mode: true });

    expect(existsSync(join(dataDir, 'pglite'))).toBe(true);
    expect(statSync(join(dataDir, 'app-key.development')).mode & 0o777).toBe(0o600);
  });

  it('starts again on the same data with the same demo credentials, without creating anything', async () => {
    server = await startServer({ dataDir });
    const out = server.stdout();
    expect(out).not.toContain('(created now)');
    const token = field(out, 'Demo API token') as string;
    const res = await fetch(`${server.url}/api/tenant`, { headers: { 'X-Tenant-API-Token': token } });
    expect(res.status).toBe(200);
  });

  it('says so when the demo token has been revoked since', async () => {
    server = await startServer({ dataDir });
    const token = field(server.stdout(), 'Demo API token') as string;
    const headers = { Authorization: `Bearer ${token}` };
    const tokens = (await (await fetch(`${server.url}/api/tenant/api-tokens`, { headers })).json()) as Array<{ id: string }>;
    await fetch(`${server.url}/api/tenant/api-tokens/${tokens[0].id}`, { method: 'DELETE', headers });
    await server.stop();
    server = await startServer({ dataDir });
    expect(server.stdout()).toContain('Demo API token  (revoked since: create one with the API or the CLI)');
  });

  it('refuses a second process on the same embedded database', async () => {
    server = await startServer({ dataDir });
    const second = await startServer({ dataDir }).then(
      () => null,
      (err: Error) => err.message,
    );
    expect(second).toMatch(/server exited with 1/);
    expect(second).toMatch(new RegExp(`The embedded database in .* is in use by process ${server.proc.pid}`));
  });
});
