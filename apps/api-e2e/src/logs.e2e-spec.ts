import { cleanup, RunningServer, startServer, tempDir, useServerDatabase } from './support/server';

describe('structured logs', () => {
  const dataDir = tempDir();
  let server: RunningServer;
  const db = useServerDatabase();
  beforeAll(async () => {
    server = await startServer({ dataDir, env: { SEED_DEMO: 'false', ...db.env() } });
  });
  afterAll(async () => {
    await server.stop();
    cleanup(dataDir);
  });

  it('writes one JSON line per request with its correlation id, and never a secret', async () => {
    const password = 'a very secret password 123';
    const signup = await fetch(`${server.url}/api/signup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Correlation-Id': 'e2e-signup-0001' },
      body: JSON.stringify({
        tenant_name: 'Logs',
        tenant_slug: 'logs-e2e',
        admin_email: 'a@logs.example',
        admin_name: 'A',
        admin_password: password,
      }),
    });
    expect(signup.status).toBe(201);
    const { api_token: token, jwt_secret: secret } = (await signup.json()) as { api_token: string; jwt_secret: string };

    const ids: string[] = [];
    for (const [path, init] of [
      ['/api/tenant', { headers: { Authorization: `Bearer ${token}` } }],
      ['/api/tenant', { headers: { 'X-Tenant-API-Token': token } }],
      ['/api/tenant/jwt-secret/rotate', { method: 'POST', headers: { Authorization: `Bearer ${token}` } }],
      ['/auth/callback?token=one-time-token-value&next=1', {}],
      ['/api/tenant', { headers: { Authorization: 'Bearer ct_wrongwrongwrong', Cookie: 'session=cookie-value' } }],
    ] as const) {
      const res = await fetch(`${server.url}${path}`, init);
      const body = await res.text();
      ids.push(res.headers.get('x-correlation-id') as string);
      if (path.includes('rotate')) expect(body).toContain('jwt_secret');
    }
    await new Promise((r) => setTimeout(r, 200));

    const lines = server.logs().filter((l) => l['msg'] === 'request completed' || l['msg'] === 'request errored');
    for (const id of ['e2e-signup-0001', ...ids]) {
      const line = lines.find((l) => l['correlation_id'] === id);
      expect(line).toMatchObject({ correlation_id: id, req: expect.objectContaining({ method: expect.any(String) }) });
    }
    const callback = lines.find((l) => String((l['req'] as { url: string }).url).startsWith('/auth/callback'));
    expect((callback?.['req'] as { url: string }).url).toBe('/auth/callback?token=[Redacted]&next=1');

    const everything = server.stdout() + server.stderr();
    for (const leaked of [password, token, token.slice(3), secret, 'one-time-token-value', 'cookie-value', 'ct_wrongwrongwrong']) {
      expect(everything).not.toContain(leaked);
    }
  });

  it('leaves health probes out of the request log (they come every few seconds), and logs the request after them', async () => {
    for (const path of ['/health', '/health?probe=1']) expect((await fetch(`${server.url}${path}`)).status).toBe(200);
    const after = await fetch(`${server.url}/api/nothing-here`);
    const id = after.headers.get('x-correlation-id');
    await new Promise((r) => setTimeout(r, 200));
    const requests = server.logs().filter((l) => l['msg'] === 'request completed' || l['msg'] === 'request errored');
    expect(requests.some((l) => String((l['req'] as { url: string }).url).startsWith('/health'))).toBe(false);
    expect(requests.some((l) => l['correlation_id'] === id)).toBe(true);
  });

  it('logs the tenant of an authenticated request', async () => {
    const line = server
      .logs()
      .find((l) => l['msg'] === 'request completed' && (l['req'] as { url: string }).url === '/api/tenant');
    expect(line?.['tenant_id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('structured logs in production (batched)', () => {
  const dataDir = tempDir();
  afterAll(() => cleanup(dataDir));

  it('writes request lines within a moment, and flushes everything at shutdown', async () => {
    const key = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 53 + 7) % 256)).toString('base64');
    const server = await startServer({ dataDir, env: { NODE_ENV: 'production', APP_KEY: key } });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${server.url}/api/nope`);
      ids.push(res.headers.get('x-correlation-id') as string);
    }
    await new Promise((r) => setTimeout(r, 600));
    const before = server.logs().map((l) => l['correlation_id']);
    expect(before).toEqual(expect.arrayContaining(ids));

    const last = (await fetch(`${server.url}/api/nope-again`)).headers.get('x-correlation-id');
    expect(await server.stop()).toBe(0);
    const after = server.logs();
    expect(after.map((l) => l['correlation_id'])).toContain(last);
    expect(after[after.length - 1]['msg']).toBe('stopped');
  });
});
