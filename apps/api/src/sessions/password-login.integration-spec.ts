import type { SignupResponseDto } from '@central-tickets/contracts';
import { followCallback, loginJwt, portalHost, portalOrigin, sessionCookie } from '../testing/sign-in';
import { bearer, startTestApp, type TestApp } from '../testing/test-app';

const PASSWORD = 'correct horse battery staple';

describe('console sign-in (POST /api/auth/login) and the portal\'s tickets (GET /api/portal/tickets)', () => {
  let t: TestApp;
  let acme: SignupResponseDto;
  let other: SignupResponseDto;
  const host = () => portalHost(acme.tenant.slug);
  const adminEmail = () => `owner@${acme.tenant.slug}.example`;
  const login = (body: Record<string, unknown>, h = host()) => t.http.post('/api/auth/login').set('Host', h).send(body);
  const events = async (kind: string) =>
    (await t.http.get(`/api/tenant/security-events?kind=${kind}`).set(bearer(acme.api_token)).expect(200)).body.data as Array<Record<string, unknown>>;
  const ticket = (requesterEmail: string, title: string, tenant = acme) =>
    t.http.post('/api/tickets').set(bearer(tenant.api_token))
      .send({ title, description: 'Help', requester_email: requesterEmail, requester_name: 'R' }).expect(201);
  const portalTickets = (cookie: string, h = host()) => t.http.get('/api/portal/tickets').set('Host', h).set('Cookie', cookie);

  beforeAll(async () => {
    t = await startTestApp();
    acme = await t.signup(); // the admin's password is PASSWORD
    other = await t.signup();
    await ticket('ada@customer.example', 'Invoice');
    await ticket('bob@customer.example', 'Password reset');
    await ticket('ada@customer.example', 'Other tenant', other);
  });
  afterAll(() => t.close());

  it('signs an admin in: the session, the cookie and the answer of /api/me', async () => {
    const res = await login({ email: adminEmail().toUpperCase(), password: PASSWORD }).expect(200);
    expect(res.body).toMatchObject({ user: { email: adminEmail(), role: 'admin' }, tenant: { id: acme.tenant.id }, csrf_token: expect.any(String), auth_method: 'password' });
    const cookie = sessionCookie(res) as string;
    expect((await t.http.get('/api/me').set('Host', host()).set('Cookie', cookie).expect(200)).body.user.role).toBe('admin');
    expect((await events('login_succeeded')).some((e) => e.method === 'password')).toBe(true);
  });

  it('answers a wrong password, an unknown address and a requester alike (401), and logs the failure', async () => {
    await followCallback(t, (await t.http.post('/api/jwt/login').send({ token: loginJwt(acme.jwt_secret, { email: 'req@customer.example' }), tenant_slug: acme.tenant.slug })).body.redirect_url);
    for (const body of [
      { email: adminEmail(), password: 'wrong password!' },
      { email: 'nobody@acme.example', password: PASSWORD },
      { email: 'req@customer.example', password: PASSWORD },
    ]) {
      const res = await login(body).expect(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED', message: 'The email or password is wrong.' });
      expect(sessionCookie(res)).toBeNull();
    }
    expect((await events('login_failed')).filter((e) => e.method === 'password').length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(await events('login_failed'))).not.toContain('wrong password!');
  });

  it('validates the body (422), refuses the platform host (404) and a page of another site (403)', async () => {
    expect(Object.keys((await login({}).expect(422)).body.errors).sort()).toEqual(['email', 'password']);
    expect((await login({ email: adminEmail(), password: PASSWORD }, 'localhost:3000').expect(404)).body.code).toBe('TENANT_NOT_FOUND');
    const csrf = await t.http.post('/api/auth/login').set('Host', host()).set('Origin', 'https://evil.example')
      .send({ email: adminEmail(), password: PASSWORD }).expect(403);
    expect(csrf.body.code).toBe('FORBIDDEN');
    await t.http.post('/api/auth/login').set('Host', host()).set('Origin', portalOrigin(acme.tenant.slug))
      .send({ email: adminEmail(), password: PASSWORD }).expect(200);
    // Another tenant's admin cannot sign in on this portal.
    await login({ email: `owner@${other.tenant.slug}.example`, password: PASSWORD }).expect(401);
  });

  it('shows a password-signed-in admin the whole queue, newest first', async () => {
    const cookie = sessionCookie(await login({ email: adminEmail(), password: PASSWORD }).expect(200)) as string;
    const res = await portalTickets(cookie).expect(200);
    expect(res.body.data.map((x: { title: string }) => x.title)).toEqual(['Password reset', 'Invoice']);
  });

  it('shows a requester only their own tickets, and a staff member signed in by the company\'s app only theirs', async () => {
    const asRequester = await t.http.post('/api/jwt/login').set('Host', host()).send({ token: loginJwt(acme.jwt_secret, { email: 'ada@customer.example', jti: 'ada' }) }).expect(200);
    const res = await portalTickets(sessionCookie(asRequester) as string).expect(200);
    expect(res.body.data.map((x: { title: string }) => x.title)).toEqual(['Invoice']);

    const adminByJwt = await t.http.post('/api/jwt/login').set('Host', host()).send({ token: loginJwt(acme.jwt_secret, { email: adminEmail(), jti: 'admin-jwt' }) }).expect(200);
    const mine = await portalTickets(sessionCookie(adminByJwt) as string).expect(200);
    expect(mine.body.data).toEqual([]);
  });

  it('refuses without a session (401), and a session on another tenant\'s portal', async () => {
    expect((await t.http.get('/api/portal/tickets').set('Host', host()).expect(401)).body.code).toBe('UNAUTHENTICATED');
    const cookie = sessionCookie(await login({ email: adminEmail(), password: PASSWORD }).expect(200)) as string;
    await portalTickets(cookie, portalHost(other.tenant.slug)).expect(401);
  });

  describe('a ticket\'s conversation on the portal', () => {
    const asRequester = async (email: string, jti: string) => {
      const res = await t.http.post('/api/jwt/login').set('Host', host()).send({ token: loginJwt(acme.jwt_secret, { email, name: 'Cleo', jti }) }).expect(200);
      const cookie = sessionCookie(res) as string;
      const csrf = (await t.http.get('/api/me').set('Host', host()).set('Cookie', cookie).expect(200)).body.csrf_token as string;
      return { cookie, csrf };
    };
    const asAdmin = async () => {
      const res = await login({ email: adminEmail(), password: PASSWORD }).expect(200);
      return { cookie: sessionCookie(res) as string, csrf: res.body.csrf_token as string };
    };
    const call = (who: { cookie: string; csrf: string }, method: 'get' | 'post', path: string, h = host()) =>
      t.http[method](path).set('Host', h).set('Cookie', who.cookie).set('X-CSRF-Token', who.csrf);

    it('lets a requester open a ticket (theirs, from the portal), reply in public, and never see internal notes', async () => {
      const cleo = await asRequester('cleo@customer.example', 'cleo-1');
      const noCsrf = await t.http.post('/api/portal/tickets').set('Host', host()).set('Cookie', cleo.cookie).send({ title: 'x', description: 'y' }).expect(403);
      expect(noCsrf.body.code).toBe('FORBIDDEN');
      expect(Object.keys((await call(cleo, 'post', '/api/portal/tickets').send({}).expect(422)).body.errors).sort()).toEqual(['description', 'title']);
      const created = await call(cleo, 'post', '/api/portal/tickets').send({ title: 'App crashes', description: 'On start', priority: 'high' }).expect(201);
      expect(created.body).toMatchObject({ source: 'portal', priority: 'high', requester: { email: 'cleo@customer.example', name: 'Cleo' } });

      const admin = await asAdmin();
      await call(admin, 'post', `/api/portal/tickets/${created.body.number}/comments`).send({ body: 'Looking into it.' }).expect(201);
      const note = await call(admin, 'post', `/api/portal/tickets/${created.body.id}/comments`).send({ body: 'Known bug #12', internal: true }).expect(201);
      expect(note.body).toMatchObject({ internal: true, author: { type: 'user', email: adminEmail() } });

      const reply = await call(cleo, 'post', `/api/portal/tickets/${created.body.id}/comments`).send({ body: 'Thanks!' }).expect(201);
      expect(reply.body.author).toMatchObject({ type: 'user', email: 'cleo@customer.example' });
      const internal = await call(cleo, 'post', `/api/portal/tickets/${created.body.id}/comments`).send({ body: 'x', internal: true }).expect(422);
      expect(internal.body.errors.internal).toBeDefined();

      const seen = await call(cleo, 'get', `/api/portal/tickets/${created.body.id}`).expect(200);
      expect(seen.body.comments.map((c: { body: string }) => c.body)).toEqual(['Looking into it.', 'Thanks!']);
      expect(seen.body.comment_count).toBe(2);
      expect(JSON.stringify(seen.body)).not.toContain('Known bug');
      const staffView = await call(admin, 'get', `/api/portal/tickets/${created.body.id}`).expect(200);
      expect(staffView.body.comments.map((c: { body: string }) => c.body)).toEqual(['Looking into it.', 'Known bug #12', 'Thanks!']);
      // In the lists too: the requester's count leaves the note out, the queue's does not.
      const countIn = async (who: { cookie: string; csrf: string }) =>
        ((await call(who, 'get', '/api/portal/tickets').expect(200)).body.data as Array<{ id: string; comment_count: number }>)
          .find((x) => x.id === created.body.id)?.comment_count;
      expect(await countIn(cleo)).toBe(2);
      expect(await countIn(admin)).toBe(3);
    });

    it('times the first response by the same clock as the resolution', async () => {
      const cleo = await asRequester('cleo@customer.example', 'cleo-clock');
      const created = await call(cleo, 'post', '/api/portal/tickets').send({ title: 'Slow', description: 'Pages load slowly' }).expect(201);
      const admin = await asAdmin();
      t.clock.advance(3_600_000);
      try {
        // A note and the requester's own reply are no response; the agent's public reply is.
        await call(admin, 'post', `/api/portal/tickets/${created.body.id}/comments`).send({ body: 'Check the CDN', internal: true }).expect(201);
        await call(cleo, 'post', `/api/portal/tickets/${created.body.id}/comments`).send({ body: 'Any news?' }).expect(201);
        expect((await call(admin, 'get', `/api/portal/tickets/${created.body.id}`).expect(200)).body.first_response_at).toBeNull();
        await call(admin, 'post', `/api/portal/tickets/${created.body.id}/comments`).send({ body: 'Fixed.' }).expect(201);
        const seen = (await call(admin, 'get', `/api/portal/tickets/${created.body.id}`).expect(200)).body;
        const waited = new Date(seen.first_response_at).getTime() - new Date(seen.created_at).getTime();
        expect(waited).toBeGreaterThanOrEqual(3_600_000);
        expect(waited).toBeLessThan(3_660_000);
      } finally {
        t.clock.reset();
      }
    });

    it('answers 404 for someone else\'s ticket and for another tenant\'s, as for a missing one', async () => {
      const cleo = await asRequester('cleo@customer.example', 'cleo-2');
      const others = (await t.http.get('/api/tickets').set(bearer(acme.api_token)).expect(200)).body.data as Array<{ id: string; requester: { email: string } }>;
      const bobs = others.find((x) => x.requester.email === 'bob@customer.example') as { id: string };
      await call(cleo, 'get', `/api/portal/tickets/${bobs.id}`).expect(404);
      await call(cleo, 'post', `/api/portal/tickets/${bobs.id}/comments`).send({ body: 'Hi' }).expect(404);
      const foreign = (await t.http.get('/api/tickets').set(bearer(other.api_token)).expect(200)).body.data[0] as { id: string };
      const admin = await asAdmin();
      expect((await call(admin, 'get', `/api/portal/tickets/${foreign.id}`).expect(404)).body.code).toBe('NOT_FOUND');
      await call(admin, 'post', `/api/portal/tickets/${foreign.id}/comments`).send({ body: 'Hi' }).expect(404);
      await call(admin, 'get', '/api/portal/tickets/not-a-ticket').expect(404);
    });

    it('lets staff signed in with their password use the tenant API with their session (and the CSRF token); nobody else', async () => {
      const admin = await asAdmin();
      const agents = (await call(admin, 'get', '/api/agents').expect(200)).body as Array<{ id: string; email: string }>;
      const me = agents.find((a) => a.email === adminEmail()) as { id: string };
      const target = (await t.http.get('/api/tickets').set(bearer(acme.api_token)).expect(200)).body.data[0] as { id: string };
      await t.http.patch(`/api/tickets/${target.id}`).set('Host', host()).set('Cookie', admin.cookie).send({ status: 'closed' }).expect(403);
      const changed = await t.http.patch(`/api/tickets/${target.id}`).set('Host', host()).set('Cookie', admin.cookie).set('X-CSRF-Token', admin.csrf)
        .send({ status: 'pending', assignee_id: me.id }).expect(200);
      expect(changed.body).toMatchObject({ status: 'pending', assignee: { id: me.id } });
      const history = (await t.http.get(`/api/tickets/${target.id}/history`).set(bearer(acme.api_token)).expect(200)).body;
      expect(history[history.length - 1]).toMatchObject({ action: 'updated', actor: { type: 'user', id: me.id } });

      const cleo = await asRequester('cleo@customer.example', 'cleo-3');
      const refused = await t.http.patch(`/api/tickets/${target.id}`).set('Host', host()).set('Cookie', cleo.cookie).set('X-CSRF-Token', cleo.csrf)
        .send({ status: 'closed' }).expect(403);
      expect(refused.body.code).toBe('FORBIDDEN');
      await call(cleo, 'get', '/api/agents').expect(403);
      await call(cleo, 'get', '/api/tickets').expect(403);
      // An admin's session carries every scope of the role.
      expect((await call(admin, 'get', '/api/tenant/api-tokens').expect(200)).body.length).toBeGreaterThan(0);
      // The session is no credential on the platform host, nor on another tenant's portal.
      await t.http.get('/api/tickets').set('Cookie', admin.cookie).expect(404);
      await t.http.get('/api/tickets').set('Host', portalHost(other.tenant.slug)).set('Cookie', admin.cookie).expect(401);
    });
  });
});
