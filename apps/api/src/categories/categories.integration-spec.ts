import { randomUUID } from 'node:crypto';
import { tenantWithTokens, ticketBody, type TenantFixture } from '../testing/fixtures';
import { loginJwt, portalHost, sessionCookie } from '../testing/sign-in';
import { startTestApp, type TestApp } from '../testing/test-app';

describe('/api/categories', () => {
  let t: TestApp;
  let a: TenantFixture;
  beforeEach(async () => {
    a = await tenantWithTokens(t);
  });
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const names = async () => (await t.http.get('/api/categories').set(a.read).expect(200)).body.map((c: { name: string }) => c.name);
  const add = (body: Record<string, unknown>) => t.http.post('/api/categories').set(a.admin).send(body);

  it('creates categories in order, at a chosen position, and lists them for any token', async () => {
    const billing = await add({ name: ' Billing ' }).expect(201);
    expect(billing.body).toEqual({ id: expect.any(String), name: 'Billing', position: 0, ticket_count: 0, created_at: expect.any(String) });
    await add({ name: 'Technical' }).expect(201);
    await add({ name: 'Accounts', position: 0 }).expect(201);
    await add({ name: 'Other', position: 99 }).expect(201);
    expect(await names()).toEqual(['Accounts', 'Billing', 'Technical', 'Other']);
    const list = await t.http.get('/api/categories').set(a.write).expect(200);
    expect(list.body.map((c: { position: number }) => c.position)).toEqual([0, 1, 2, 3]);
  });

  it('renames and moves, the others shifting to make room', async () => {
    const ids = [];
    for (const name of ['A', 'B', 'C', 'D']) ids.push((await add({ name }).expect(201)).body.id);
    const moved = await t.http.put(`/api/categories/${ids[3]}`).set(a.admin).send({ position: 1, name: 'D2' }).expect(200);
    expect(moved.body).toMatchObject({ name: 'D2', position: 1 });
    expect(await names()).toEqual(['A', 'D2', 'B', 'C']);
    await t.http.put(`/api/categories/${ids[0]}`).set(a.admin).send({ position: 10 }).expect(200);
    expect(await names()).toEqual(['D2', 'B', 'C', 'A']);
  });

  it('refuses a name the tenant already has (any case) with a 409, but another tenant may use it', async () => {
    await add({ name: 'Billing' }).expect(201);
    const dup = await add({ name: 'BILLING' }).expect(409);
    expect(dup.body).toMatchObject({ code: 'CONFLICT', errors: { name: ['The name has already been taken.'] } });
    const other = (await add({ name: 'Other' }).expect(201)).body;
    await t.http.put(`/api/categories/${other.id}`).set(a.admin).send({ name: 'billing' }).expect(409);
    const b = await tenantWithTokens(t);
    await t.http.post('/api/categories').set(b.admin).send({ name: 'Billing' }).expect(201);
  });

  it('refuses to delete a category in use (409 with the count), or moves its tickets with reassign_to', async () => {
    const billing = (await add({ name: 'Billing' }).expect(201)).body;
    const payments = (await add({ name: 'Payments' }).expect(201)).body;
    const empty = (await add({ name: 'Empty' }).expect(201)).body;
    const tickets = [];
    for (let i = 0; i < 3; i++) {
      tickets.push((await t.http.post('/api/tickets').set(a.write).send(ticketBody({ category_id: billing.id })).expect(201)).body);
    }
    expect((await t.http.get('/api/categories').set(a.read)).body.find((c: { id: string }) => c.id === billing.id).ticket_count).toBe(3);

    const refused = await t.http.delete(`/api/categories/${billing.id}`).set(a.admin).expect(409);
    expect(refused.body).toMatchObject({ code: 'CONFLICT', message: 'This category has 3 tickets.' });
    expect(refused.body.details).toContain('reassign_to');

    await t.http.delete(`/api/categories/${billing.id}?reassign_to=${billing.id}`).set(a.admin).expect(422);
    await t.http.delete(`/api/categories/${billing.id}?reassign_to=${randomUUID()}`).set(a.admin).expect(422);
    const bad = await t.http.delete(`/api/categories/${billing.id}?reassign_to=payments`).set(a.admin).expect(422);
    expect(bad.body.errors).toEqual({ reassign_to: ['The reassign to field must be a valid UUID.'] });

    await t.http.delete(`/api/categories/${billing.id}?reassign_to=${payments.id}`).set(a.admin).expect(204);
    for (const ticket of tickets) {
      const now = (await t.http.get(`/api/tickets/${ticket.id}`).set(a.read)).body;
      expect(now.category).toEqual({ id: payments.id, name: 'Payments' });
      const history = (await t.http.get(`/api/tickets/${ticket.id}/history`).set(a.read)).body;
      expect(history[history.length - 1]).toMatchObject({ action: 'updated', changes: { category_id: { from: billing.id, to: payments.id } } });
    }
    await t.http.delete(`/api/categories/${empty.id}`).set(a.admin).expect(204);
    expect(await names()).toEqual(['Payments']);
    expect((await t.http.get('/api/categories').set(a.read)).body[0].position).toBe(0);
  });

  it.each([
    [{}, 'name', 'The name field is required.'],
    [{ name: '  ' }, 'name', 'The name field is required.'],
    [{ name: 'x'.repeat(101) }, 'name', 'The name field must not be greater than 100 characters.'],
    [{ name: 'x', position: -1 }, 'position', 'The position field must be between 0 and 10000.'],
    [{ name: 'x', position: 1.5 }, 'position', 'The position field must be an integer.'],
    [{ name: 'x', position: null }, 'position', 'The position field must be an integer.'],
    [{ name: 'x', colour: 'red' }, 'colour', 'The colour field is not allowed.'],
  ])('refuses %j with a 422 on %s', async (body, field, message) => {
    const res = await add(body).expect(422);
    expect(res.body.errors).toEqual({ [field]: [message] });
    expect(await names()).toEqual([]);
  });

  it('answers 404 for a category that does not exist', async () => {
    await t.http.put(`/api/categories/${randomUUID()}`).set(a.admin).send({ name: 'x' }).expect(404);
    await t.http.delete(`/api/categories/${randomUUID()}`).set(a.admin).expect(404);
    await t.http.delete('/api/categories/not-a-uuid').set(a.admin).expect(404);
  });

  it('lists names in order for anyone signed in to the portal (GET /api/portal/categories), and only their tenant\'s', async () => {
    await add({ name: 'Billing' }).expect(201);
    await add({ name: 'Access', position: 0 }).expect(201);
    const other = await tenantWithTokens(t);
    await t.http.post('/api/categories').set(other.admin).send({ name: 'Other tenant' }).expect(201);
    const host = portalHost(a.signup.tenant.slug);
    const login = await t.http.post('/api/jwt/login').set('Host', host)
      .send({ token: loginJwt(a.signup.jwt_secret, { email: 'req@customer.example' }) }).expect(200);
    const res = await t.http.get('/api/portal/categories').set('Host', host).set('Cookie', sessionCookie(login) as string).expect(200);
    expect(res.body).toEqual([
      { id: expect.any(String), name: 'Access' },
      { id: expect.any(String), name: 'Billing' },
    ]);
    // Without a session, or with this session on another tenant's portal: nothing.
    await t.http.get('/api/portal/categories').set('Host', host).expect(401);
    await t.http.get('/api/portal/categories').set('Host', portalHost(other.signup.tenant.slug)).set('Cookie', sessionCookie(login) as string).expect(401);
  });
});
