import { cleanup, cli, startServer, tempDir, useServerDatabase } from './support/server';

describe('operator CLI', () => {
  const dataDir = tempDir();
  const db = useServerDatabase();
  afterAll(() => cleanup(dataDir));

  it('creates a tenant, a token, a secret and a domain, with --json for scripts', async () => {
    const created = cli(dataDir, ['tenants', 'create', '--slug', 'cli-co', '--name', 'CLI Co', '--admin-email', 'ops@cli.example', '--admin-name', 'Ops', '--json'], db.env());
    expect(created.code).toBe(0);
    const tenant = JSON.parse(created.stdout);
    expect(tenant).toMatchObject({
      tenant: { slug: 'cli-co', name: 'CLI Co' },
      api_token: expect.stringMatching(/^ct_/),
      jwt_secret: expect.any(String),
      admin_password: expect.any(String),
    });

    const token = cli(dataDir, ['tokens', 'create', '--tenant', 'cli-co', '--name', 'CI', '--scopes', 'tickets:read,tickets:write', '--json'], db.env());
    expect(token.code).toBe(0);
    expect(JSON.parse(token.stdout)).toMatchObject({ name: 'CI', scopes: ['tickets:read', 'tickets:write'] });

    const rotated = cli(dataDir, ['secrets', 'rotate', '--tenant', 'cli-co', '--json'], db.env());
    expect(JSON.parse(rotated.stdout)).toMatchObject({ previous_kid: tenant.jwt_secret_kid });

    const domain = cli(dataDir, ['domains', 'add', '--tenant', 'cli-co', '--hostname', 'help.cli.example'], db.env());
    expect(domain.code).toBe(0);
    expect(domain.stdout).toMatch(/_central-tickets\.help\.cli\.example {2}TXT {2}"ct-verify=[0-9a-f]{32}"/);

    const list = cli(dataDir, ['tenants', 'list', '--json'], db.env());
    expect(JSON.parse(list.stdout).map((t: { slug: string }) => t.slug)).toEqual(['cli-co']);

    // What the CLI made, the API serves.
    const server = await startServer({ dataDir, env: { SEED_DEMO: 'false', ...db.env() } });
    try {
      const res = await fetch(`${server.url}/api/tenant`, { headers: { Authorization: `Bearer ${tenant.api_token}` } });
      expect(await res.json()).toMatchObject({ slug: 'cli-co', domains: [{ hostname: 'help.cli.example', verified: false }] });
    } finally {
      await server.stop();
    }
  });

  it('names bad input by its flag and exits 1', () => {
    const res = cli(dataDir, ['tenants', 'create', '--slug', 'API', '--name', '', '--admin-email', 'nope', '--admin-name', 'x'], db.env());
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('error: The given data was invalid.');
    expect(res.stderr).toContain('--slug: The tenant slug field may contain only lower-case letters');
    expect(res.stderr).toContain('--name: The tenant name field is required.');
    expect(res.stderr).toContain('--admin-email: The admin email field must be a valid email address.');

    const unknown = cli(dataDir, ['secrets', 'rotate', '--tenant', 'no-such-tenant', '--json'], db.env());
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stderr)).toEqual({ error: expect.objectContaining({ code: 'TENANT_NOT_FOUND' }) });
  });
});

describe('operator CLI on the embedded database while the server runs', () => {
  const dataDir = tempDir();
  afterAll(() => cleanup(dataDir));

  it('refuses to open it, and says what to do instead', async () => {
    const server = await startServer({ dataDir, env: { SEED_DEMO: 'false' } });
    try {
      const res = cli(dataDir, ['tenants', 'list']);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(`is in use by process ${server.proc.pid}`);
    } finally {
      await server.stop();
    }
    expect(cli(dataDir, ['tenants', 'list']).code).toBe(0);
  });
});
