import { tenantWithTokens, ticketBody, type TenantFixture } from '../testing/fixtures';
import { startTestApp, type TestApp } from '../testing/test-app';

describe('GET /api/tickets/stats', () => {
  let t: TestApp;
  let a: TenantFixture;
  let b: TenantFixture;

  beforeAll(async () => {
    t = await startTestApp();
    a = await tenantWithTokens(t);
    b = await tenantWithTokens(t);
    const created = [];
    for (const priority of ['low', 'urgent', 'urgent']) {
      created.push((await t.http.post('/api/tickets').set(a.write).send(ticketBody({ priority })).expect(201)).body);
    }
    t.clock.advance(3_600_000); // a reply, and an hour later (by the clock) a resolution
    await t.http.post(`/api/tickets/${created[0].id}/comments`).set(a.write).send({ body: 'On it.' }).expect(201);
    await t.http.patch(`/api/tickets/${created[1].id}`).set(a.write).send({ status: 'resolved' }).expect(200);
    await t.http.post('/api/tickets').set(b.write).send(ticketBody({ priority: 'high' })).expect(201);
  });
  afterAll(() => t.close());

  it('counts the tenant\'s open work, 30 days of flow and the median times, and nothing of other tenants', async () => {
    const res = await t.http.get('/api/tickets/stats').set(a.read).expect(200);
    expect(res.body.by_status).toEqual({ open: 2, resolved: 1 });
    expect(res.body.by_priority).toEqual({ low: 1, urgent: 1 });
    expect(res.body.days).toHaveLength(30);
    const today = res.body.days[res.body.days.length - 1];
    expect(today).toEqual({ day: t.clock.now().toISOString().slice(0, 10), created: 3, resolved: 1 });
    expect(res.body.days.slice(0, -1).every((d: { created: number }) => d.created === 0)).toBe(true);
    // Reply and resolution both came an hour later by the same clock.
    expect(res.body.median_first_response_seconds).toBeGreaterThanOrEqual(3600);
    expect(res.body.median_first_response_seconds).toBeLessThan(3700);
    expect(res.body.median_resolution_seconds).toBeGreaterThanOrEqual(3600);
    expect(res.body.median_resolution_seconds).toBeLessThan(3700);

    const other = await t.http.get('/api/tickets/stats').set(b.read).expect(200);
    expect(other.body.by_status).toEqual({ open: 1 });
    expect(other.body.median_first_response_seconds).toBeNull();
  });
});
