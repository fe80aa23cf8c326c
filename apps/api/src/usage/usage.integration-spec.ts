import { randomUUID } from 'node:crypto';
import type { UsageDto } from '@central-tickets/contracts';
import { tenantWithTokens, type TenantFixture } from '../testing/fixtures';
import { portalHost, sessionCookie } from '../testing/sign-in';
import { startTestApp, type TestApp } from '../testing/test-app';

describe('GET /api/tenant/usage', () => {
  let t: TestApp;
  let a: TenantFixture;
  let b: TenantFixture;
  const usage = async (tenant: TenantFixture, query = '') =>
    (await t.http.get(`/api/tenant/usage${query}`).set(tenant.admin).expect(200)).body as UsageDto;
  const today = () => t.clock.now().toISOString().slice(0, 10);
  const count = (u: UsageDto, group: string, statusClass: string) =>
    u.groups.find((g) => g.group === group && g.status_class === statusClass)?.requests ?? 0;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_REDIRECT_PER_HOUR: '1' });
    a = await tenantWithTokens(t);
    b = await tenantWithTokens(t);
  });
  afterAll(() => t.close());

  it('counts the requests of each tenant\'s API tokens by day, endpoint group and status class, and only its own', async () => {
    for (let i = 0; i < 3; i += 1) await t.http.get('/api/tickets').set(a.read).expect(200);
    await t.http.get(`/api/tickets/${randomUUID()}`).set(a.read).expect(404);
    await t.http.post('/api/categories').set(a.read).send({ name: 'Nope' }).expect(403);
    await t.http.get('/api/tickets').set(b.read).expect(200);

    const mine = await usage(a);
    expect(count(mine, 'tickets', '2xx')).toBe(3);
    expect(count(mine, 'tickets', '4xx')).toBe(1);
    expect(count(mine, 'categories', '4xx')).toBe(1);
    const day = mine.days.find((d) => d.day === today());
    expect(day?.requests).toBeGreaterThanOrEqual(5);
    expect(day?.errors).toBe(2);
    expect(count(await usage(b), 'tickets', '2xx')).toBe(1);
    expect(count(await usage(b), 'tickets', '4xx')).toBe(0);

    // The usage requests themselves count too, once they are answered.
    const again = await usage(a);
    expect(count(again, 'tenant.usage', '2xx')).toBeGreaterThanOrEqual(1);
  });

  it('covers every day of the period, oldest first, and validates the period', async () => {
    const week = await usage(a, '?days=7');
    expect(week.days).toHaveLength(7);
    expect(week.days[6]?.day).toBe(today());
    expect(week.days.slice(0, 6).every((d) => d.requests === 0)).toBe(true);
    expect((await usage(a)).days).toHaveLength(30);
    for (const days of ['0', '91', 'x']) {
      const res = await t.http.get(`/api/tenant/usage?days=${days}`).set(a.admin).expect(422);
      expect(res.body.errors).toHaveProperty('days');
    }
    await t.http.get('/api/tenant/usage').set(a.read).expect(403);
  });

  it('shows each token\'s last use and the sign-ins refused by a rate limit', async () => {
    for (let i = 0; i < 2; i += 1) {
      await t.http.post(`/api/auth/redirect/${a.signup.tenant.slug}`).send({ email: 'x@example.com', name: 'X' });
    }
    const u = await usage(a);
    expect(u.days.find((d) => d.day === today())?.rate_limited).toBe(1);
    expect(u.tokens.map((k) => k.name)).toEqual(expect.arrayContaining(['tickets:read', 'tickets:write']));
    expect(u.tokens.find((k) => k.name === 'tickets:read')?.last_used_at).toEqual(expect.any(String));
    expect(JSON.stringify(u)).not.toMatch(/ct_[A-Za-z0-9_-]{20,}/);
    expect((await usage(b)).days.every((d) => d.rate_limited === 0)).toBe(true);
  });

  it('leaves the console\'s own requests out: usage is the API tokens\'', async () => {
    const host = portalHost(a.signup.tenant.slug);
    const login = await t.http.post('/api/auth/login').set('Host', host)
      .send({ email: `owner@${a.signup.tenant.slug}.example`, password: 'correct horse battery staple' }).expect(200);
    const before = count(await usage(a), 'tickets', '2xx');
    for (let i = 0; i < 3; i += 1) await t.http.get('/api/tickets').set('Host', host).set('Cookie', sessionCookie(login) as string).expect(200);
    expect(count(await usage(a), 'tickets', '2xx')).toBe(before);
  });
});
