import type { SignupResponseDto } from '@central-tickets/contracts';
import { bearer, startTestApp, TestApp } from '../../testing/test-app';
import { TenantDb } from './tenant-db';

/**
 * Two tenants, each with a token and a domain: neither can see, change or delete the
 * other's, through any route, and the database itself refuses to cross the wall.
 */
describe('tenant isolation', () => {
  let t: TestApp;
  let a: SignupResponseDto;
  let b: SignupResponseDto;
  let bToken: { id: string };
  let bDomain: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    a = await t.signup();
    b = await t.signup();
    bToken = (await t.http.post('/api/tenant/api-tokens').set(bearer(b.api_token)).send({ name: 'b-only', scopes: ['admin'] })).body;
    bDomain = (await t.http.post('/api/tenant/domains').set(bearer(b.api_token)).send({ hostname: 'help.b-tenant.example' })).body;
  });
  afterAll(() => t.close());

  it('GET /api/tenant shows the token\'s own tenant only', async () => {
    expect((await t.http.get('/api/tenant').set(bearer(a.api_token))).body.id).toBe(a.tenant.id);
    expect((await t.http.get('/api/tenant').set(bearer(b.api_token))).body.id).toBe(b.tenant.id);
  });

  it('lists hold only the tenant\'s own records', async () => {
    const tokens = await t.http.get('/api/tenant/api-tokens').set(bearer(a.api_token)).expect(200);
    expect(tokens.body.map((x: { name: string }) => x.name)).toEqual(['Sign-up token']);
    const domains = await t.http.get('/api/tenant/domains').set(bearer(a.api_token)).expect(200);
    expect(domains.body).toEqual([]);
  });

  it('another tenant\'s token or domain is a 404, exactly like a missing one, and stays', async () => {
    const missing = await t.http.delete('/api/tenant/api-tokens/00000000-0000-4000-8000-000000000000').set(bearer(a.api_token));
    const crossToken = await t.http.delete(`/api/tenant/api-tokens/${bToken.id}`).set(bearer(a.api_token));
    const crossDomain = await t.http.delete(`/api/tenant/domains/${bDomain.id}`).set(bearer(a.api_token));
    expect([crossToken.status, crossDomain.status]).toEqual([404, 404]);
    expect(crossToken.body.message).toBe(missing.body.message);
    expect(crossToken.body.code).toBe('NOT_FOUND');
    const bTokens = await t.http.get('/api/tenant/api-tokens').set(bearer(b.api_token)).expect(200);
    expect(bTokens.body.map((x: { id: string }) => x.id)).toContain(bToken.id);
    const bDomains = await t.http.get('/api/tenant/domains').set(bearer(b.api_token)).expect(200);
    expect(bDomains.body.map((x: { id: string }) => x.id)).toEqual([bDomain.id]);
  });

  it('settings and secrets of one tenant do not move the other\'s', async () => {
    await t.http.patch('/api/tenant').set(bearer(a.api_token)).send({ name: 'Renamed A', redirect_auth: 'open' }).expect(200);
    await t.http.post('/api/tenant/jwt-secret/rotate').set(bearer(a.api_token)).expect(201);
    const bNow = await t.http.get('/api/tenant').set(bearer(b.api_token)).expect(200);
    expect(bNow.body).toMatchObject({ name: b.tenant.name, redirect_auth: 'origin' });
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM jwt_secrets WHERE tenant_id = $1', [b.tenant.id]);
    expect(n).toBe(1);
  });

  it('a token whose tenant part is rewritten to another tenant fails', async () => {
    const raw = Buffer.from(a.api_token.slice(3), 'base64url');
    const bId = Buffer.from(b.tenant.id.replace(/-/g, ''), 'hex');
    const forged = `ct_${Buffer.concat([bId, raw.subarray(16)]).toString('base64url')}`;
    await t.http.get('/api/tenant').set(bearer(forged)).expect(401);
  });

  describe('row-level security (the second wall)', () => {
    const asTenant = <T>(tenantId: string, sql: string, params: unknown[] = []) =>
      t.app.get(TenantDb).run(tenantId, (tx) => tx.em.query(sql, params) as Promise<T>);

    it('a query without the tenant predicate sees only the scoped tenant\'s rows', async () => {
      for (const table of ['users', 'api_tokens', 'jwt_secrets', 'domains']) {
        const rows = await asTenant<Array<{ tenant_id: string }>>(a.tenant.id, `SELECT tenant_id FROM ${table}`);
        expect(rows.length).toBeGreaterThan(table === 'domains' ? -1 : 0);
        expect(new Set(rows.map((r) => r.tenant_id))).toEqual(new Set(rows.length ? [a.tenant.id] : []));
      }
      const tenants = await asTenant<Array<{ id: string }>>(a.tenant.id, 'SELECT id FROM tenants');
      expect(tenants.map((r) => r.id)).toEqual([a.tenant.id]);
    });

    it('with no tenant set, the tenant role sees nothing at all', async () => {
      await t.dataSource.transaction(async (em) => {
        await em.query(`SELECT set_config('role', 'ct_tenant', true)`);
        for (const table of ['tenants', 'users', 'api_tokens', 'jwt_secrets', 'domains']) {
          expect([table, await em.query(`SELECT * FROM ${table}`)]).toEqual([table, []]);
        }
      });
    });

    it('an UPDATE or DELETE without the predicate touches only the scoped tenant', async () => {
      await asTenant(a.tenant.id, `UPDATE api_tokens SET name = name || ''`);
      await asTenant(a.tenant.id, `DELETE FROM domains`);
      const bDomains = await t.http.get('/api/tenant/domains').set(bearer(b.api_token)).expect(200);
      expect(bDomains.body).toHaveLength(1);
    });

    it('refuses to write a row into another tenant', async () => {
      await expect(
        asTenant(a.tenant.id, `UPDATE api_tokens SET tenant_id = $1`, [b.tenant.id]),
      ).rejects.toThrow(/row-level security/);
      await expect(
        asTenant(
          a.tenant.id,
          `INSERT INTO domains (tenant_id, id, hostname, verification_token) VALUES ($1, gen_random_uuid(), 'x.example.com', 't')`,
          [b.tenant.id],
        ),
      ).rejects.toThrow(/row-level security/);
    });

    it('every table with a tenant_id has RLS on and tenant_id first in its primary key', async () => {
      const tables: Array<{ table: string; rls: boolean; pk: string[] }> = await t.dataSource.query(`
        SELECT c.relname AS table, c.relrowsecurity AS rls,
               (SELECT array_agg(a.attname::text ORDER BY k.ord)
                  FROM pg_index i
                  CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                 WHERE i.indrelid = c.oid AND i.indisprimary) AS pk
          FROM pg_class c
         WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
           AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id')`);
      expect(tables.length).toBeGreaterThanOrEqual(4);
      for (const table of tables) {
        expect([table.table, table.rls, table.pk[0]]).toEqual([table.table, true, 'tenant_id']);
      }
    });
  });
});
