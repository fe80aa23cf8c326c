import type { SignupResponseDto } from '@central-tickets/contracts';
import { bearer, startTestApp, TestApp } from '../testing/test-app';

describe('/api/tenant/api-tokens', () => {
  let t: TestApp;
  let tenant: SignupResponseDto;
  const admin = () => bearer(tenant.api_token);

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await t.signup();
  });
  afterAll(() => t.close());

  it('creates a named, scoped token shown once, and lists it without the secret', async () => {
    const created = await t.http
      .post('/api/tenant/api-tokens')
      .set(admin())
      .send({ name: ' Zapier ', scopes: ['tickets:read'] })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Zapier',
      scopes: ['tickets:read'],
      last_four: created.body.token.slice(-4),
      created_at: expect.any(String),
      last_used_at: null,
      token: expect.stringMatching(/^ct_[A-Za-z0-9_-]{64}$/),
    });
    const list = await t.http.get('/api/tenant/api-tokens').set(admin()).expect(200);
    const listed = list.body.find((x: { id: string }) => x.id === created.body.id);
    expect(listed).toEqual({ ...created.body, token: undefined });
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    expect(JSON.stringify(list.body)).not.toContain(tenant.api_token);
    expect(list.body.map((x: { name: string }) => x.name)).toEqual(['Zapier', 'Sign-up token']);
  });

  it('keeps last_used_at to the minute', async () => {
    const created = await t.http.post('/api/tenant/api-tokens').set(admin()).send({ name: 'reader', scopes: ['tickets:read'] });
    const token = created.body.token as string;
    const lastUsed = async () =>
      (await t.http.get('/api/tenant/api-tokens').set(admin())).body.find((x: { id: string }) => x.id === created.body.id)
        .last_used_at as string | null;

    await t.http.get('/api/tenant').set(bearer(token)).expect(200);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await t.http.get('/api/tenant').set(bearer(token)).expect(200);
    expect(await lastUsed()).toBe(first);
    t.clock.advance(61_000);
    await t.http.get('/api/tenant').set(bearer(token)).expect(200);
    expect(Date.parse((await lastUsed()) as string)).toBeGreaterThan(Date.parse(first as string));
  });

  it('revokes: the token stops working at once and leaves the list', async () => {
    const created = await t.http.post('/api/tenant/api-tokens').set(admin()).send({ name: 'temp', scopes: ['admin'] });
    await t.http.get('/api/tenant').set(bearer(created.body.token)).expect(200);
    await t.http.delete(`/api/tenant/api-tokens/${created.body.id}`).set(admin()).expect(204);
    const res = await t.http.get('/api/tenant').set(bearer(created.body.token)).expect(401);
    expect(res.body).toMatchObject({ code: 'INVALID_API_TOKEN', message: 'The API token is invalid or revoked.' });
    const list = await t.http.get('/api/tenant/api-tokens').set(admin()).expect(200);
    expect(list.body.map((x: { id: string }) => x.id)).not.toContain(created.body.id);
    // Revoking twice, or a token that never was, is a 404.
    await t.http.delete(`/api/tenant/api-tokens/${created.body.id}`).set(admin()).expect(404);
    await t.http.delete('/api/tenant/api-tokens/5b6f0a7e-1111-4a2b-9c3d-4e5f6a7b8c9d').set(admin()).expect(404);
    await t.http.delete('/api/tenant/api-tokens/not-a-uuid').set(admin()).expect(404);
  });

  it('refuses malformed, unknown and forged tokens with 401 INVALID_API_TOKEN', async () => {
    const forged = tenant.api_token.slice(0, -6) + (tenant.api_token.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    for (const headers of [
      {},
      { Authorization: 'Bearer' },
      { Authorization: `Basic ${tenant.api_token}` },
      { Authorization: 'Bearer ct_short' },
      { Authorization: `Bearer ${forged}` },
      { Authorization: `Bearer ${tenant.api_token}x` },
      { 'X-Tenant-API-Token': 'nonsense' },
    ]) {
      const res = await t.http.get('/api/tenant').set(headers).expect(401);
      expect(res.body.code).toBe('INVALID_API_TOKEN');
    }
  });

  it.each([
    [{ scopes: ['tickets:read'] }, 'name', 'The name field is required.'],
    [{ name: 'x'.repeat(101), scopes: ['admin'] }, 'name', 'The name field must not be greater than 100 characters.'],
    [{ name: 'n' }, 'scopes', 'The scopes field is required.'],
    [{ name: 'n', scopes: [] }, 'scopes', 'The scopes field must have at least 1 item.'],
    [{ name: 'n', scopes: 'admin' }, 'scopes', 'The scopes field must be an array.'],
    [{ name: 'n', scopes: ['root'] }, 'scopes', 'The selected scopes is invalid. Allowed values: tickets:read, tickets:write, admin.'],
    [{ name: 'n', scopes: ['admin', 'admin'] }, 'scopes', 'The scopes field must not repeat a scope.'],
  ])('refuses %j with a 422 on %s', async (body, field, message) => {
    const res = await t.http.post('/api/tenant/api-tokens').set(admin()).send(body).expect(422);
    expect(res.body.errors).toEqual({ [field]: [message] });
  });
});
