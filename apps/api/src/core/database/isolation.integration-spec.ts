import type { SignupResponseDto } from '@central-tickets/contracts';
import { bearer, startTestApp, TestApp } from '../../testing/test-app';
import { TenantDb } from './tenant-db';

/** Every tenant-owned table; the schema check below fails when one is added without being listed. */
const TENANT_TABLES = [
  'users',
  'api_tokens',
  'jwt_secrets',
  'domains',
  'categories',
  'ticket_counters',
  'sessions',
  'consumed_tokens',
  'security_events',
  'tickets',
  'ticket_comments',
  'ticket_events',
  'idempotency_keys',
  'invitations',
  'api_usage',
];

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

  describe('tickets, comments and categories', () => {
    let bTicket: { id: string; number: number };
    let bCategory: { id: string };
    beforeAll(async () => {
      bCategory = (await t.http.post('/api/categories').set(bearer(b.api_token)).send({ name: 'B only' })).body;
      bTicket = (
        await t.http
          .post('/api/tickets')
          .set(bearer(b.api_token))
          .send({ title: 'B secret', description: 'only b', category_id: bCategory.id, requester_email: 'someone@b.example' })
      ).body;
      await t.http.post(`/api/tickets/${bTicket.id}/comments`).set(bearer(b.api_token)).send({ body: 'b comment' });
      // Tenant A has a ticket with the same number, so numbers must resolve within the tenant.
      await t.http.post('/api/tickets').set(bearer(a.api_token)).send({ title: 'A ticket', description: 'a' });
    });

    it('another tenant\'s ticket is a 404 on every route, like a missing one, and stays as it was', async () => {
      const asA = bearer(a.api_token);
      const calls = [
        t.http.get(`/api/tickets/${bTicket.id}`).set(asA),
        t.http.get(`/api/tickets/${bTicket.id}/history`).set(asA),
        t.http.put(`/api/tickets/${bTicket.id}`).set(asA).send({ status: 'closed' }),
        t.http.patch(`/api/tickets/${bTicket.id}`).set(asA).send({ title: 'hacked' }),
        t.http.post(`/api/tickets/${bTicket.id}/comments`).set(asA).send({ body: 'hi' }),
        t.http.delete(`/api/tickets/${bTicket.id}`).set(asA),
      ];
      for (const res of await Promise.all(calls)) expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
      const mine = await t.http.get(`/api/tickets/${bTicket.number}`).set(asA).expect(200);
      expect(mine.body.title).toBe('A ticket');

      const theirs = await t.http.get(`/api/tickets/${bTicket.id}`).set(bearer(b.api_token)).expect(200);
      expect(theirs.body).toMatchObject({ title: 'B secret', status: 'open', comment_count: 1 });
      expect(theirs.body.comments.map((c: { body: string }) => c.body)).toEqual(['b comment']);
    });

    it('another tenant\'s tickets, users and categories never appear in lists, filters or search', async () => {
      const asA = bearer(a.api_token);
      const lists = await Promise.all([
        t.http.get('/api/tickets?limit=100').set(asA),
        t.http.get('/api/tickets?q=secret').set(asA),
        t.http.get(`/api/tickets?category_id=${bCategory.id}`).set(asA),
        t.http.get('/api/tickets?requester_email=someone@b.example').set(asA),
      ]);
      for (const res of lists) expect(res.body.data.map((x: { title: string }) => x.title)).not.toContain('B secret');
      const categories = await t.http.get('/api/categories').set(asA).expect(200);
      expect(categories.body.map((c: { id: string }) => c.id)).not.toContain(bCategory.id);
      const agents = await t.http.get('/api/agents').set(asA).expect(200);
      expect(agents.body.map((u: { email: string }) => u.email)).toEqual([`owner@${a.tenant.slug}.example`]);
    });

    it('another tenant\'s category is a 404 to rename, move or delete, and a 422 to file a ticket under', async () => {
      const asA = bearer(a.api_token);
      await t.http.put(`/api/categories/${bCategory.id}`).set(asA).send({ name: 'mine now' }).expect(404);
      await t.http.delete(`/api/categories/${bCategory.id}`).set(asA).expect(404);
      const filed = await t.http.post('/api/tickets').set(asA).send({ title: 'x', description: 'y', category_id: bCategory.id }).expect(422);
      expect(Object.keys(filed.body.errors)).toEqual(['category_id']);
      const theirs = await t.http.get('/api/categories').set(bearer(b.api_token)).expect(200);
      expect(theirs.body.map((c: { name: string }) => c.name)).toEqual(['B only']);
    });

    it('an idempotency key of another tenant replays nothing across the wall', async () => {
      const key = 'shared-key-1234';
      const bRes = await t.http.post('/api/tickets').set({ ...bearer(b.api_token), 'Idempotency-Key': key }).send({ title: 'B', description: 'b' });
      const aRes = await t.http.post('/api/tickets').set({ ...bearer(a.api_token), 'Idempotency-Key': key }).send({ title: 'B', description: 'b' });
      expect([bRes.status, aRes.status]).toEqual([201, 201]);
      expect(aRes.body.id).not.toBe(bRes.body.id);
    });
  });

  describe('row-level security (the second wall)', () => {
    const asTenant = <T>(tenantId: string, sql: string, params: unknown[] = []) =>
      t.app.get(TenantDb).run(tenantId, (tx) => tx.em.query(sql, params) as Promise<T>);

    it('a query without the tenant predicate sees only the scoped tenant\'s rows', async () => {
      for (const table of TENANT_TABLES) {
        const rows = await asTenant<Array<{ tenant_id: string }>>(a.tenant.id, `SELECT tenant_id FROM ${table}`);
        expect(new Set(rows.map((r) => r.tenant_id))).toEqual(new Set(rows.length ? [a.tenant.id] : []));
      }
      const tenants = await asTenant<Array<{ id: string }>>(a.tenant.id, 'SELECT id FROM tenants');
      expect(tenants.map((r) => r.id)).toEqual([a.tenant.id]);
    });

    it('with no tenant set, the tenant role sees nothing at all', async () => {
      await t.dataSource.transaction(async (em) => {
        await em.query(`SELECT set_config('role', 'ct_tenant', true)`);
        for (const table of ['tenants', ...TENANT_TABLES]) {
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

    it('the search function answers only for the tenant the transaction is scoped to', async () => {
      const bWord = 'zebrafinch';
      await t.http.post('/api/tickets').set(bearer(b.api_token)).send({ title: `B ${bWord}`, description: 'x' }).expect(201);
      const asB = await asTenant<unknown[]>(b.tenant.id, 'SELECT * FROM ct_search_tickets($1, $2)', [b.tenant.id, bWord]);
      expect(asB).toHaveLength(1);
      const crossing = await asTenant<unknown[]>(a.tenant.id, 'SELECT * FROM ct_search_tickets($1, $2)', [b.tenant.id, bWord]);
      expect(crossing).toEqual([]);
      const [{ indexdef }] = await t.dataSource.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'tickets_search_idx' AND schemaname = current_schema()`);
      expect(indexdef).toContain('gin (tenant_id, search_vector)');
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
      expect(tables.map((x) => x.table).sort()).toEqual([...TENANT_TABLES].sort());
      for (const table of tables) {
        expect([table.table, table.rls, table.pk[0]]).toEqual([table.table, true, 'tenant_id']);
      }
    });
  });
});
