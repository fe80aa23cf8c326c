import type { CreatedInvitationDto, SignupResponseDto } from '@central-tickets/contracts';
import { loginJwt, portalHost, portalOrigin, sessionCookie } from '../testing/sign-in';
import { bearer, startTestApp, type TestApp } from '../testing/test-app';

const PASSWORD = 'correct horse battery staple';
const AGENT_PASSWORD = 'a long agent password';
const DAY_MS = 86_400_000;

describe('the team: invitations (/api/tenant/invitations, /api/auth/invitation) and members (/api/tenant/members)', () => {
  let t: TestApp;
  let acme: SignupResponseDto;
  let other: SignupResponseDto;
  const host = (tenant = acme) => portalHost(tenant.tenant.slug);
  const adminEmail = (tenant = acme) => `owner@${tenant.tenant.slug}.example`;
  const admin = (tenant = acme) => bearer(tenant.api_token);
  const invite = (body: Record<string, unknown>, tenant = acme) => t.http.post('/api/tenant/invitations').set(admin(tenant)).send(body);
  const tokenOf = (invitation: CreatedInvitationDto) => new URL(invitation.url).hash.slice(1);
  const preview = (token: string, h = host()) => t.http.post('/api/auth/invitation').set('Host', h).send({ token });
  const accept = (body: Record<string, unknown>, h = host()) => t.http.post('/api/auth/invitation/accept').set('Host', h).send(body);
  const login = (email: string, password: string, tenant = acme) =>
    t.http.post('/api/auth/login').set('Host', host(tenant)).send({ email, password });
  const members = async (tenant = acme) =>
    (await t.http.get('/api/tenant/members').set(admin(tenant)).expect(200)).body as Array<{ id: string; email: string; role: string; active: boolean }>;
  const memberId = async (email: string, tenant = acme) => ((await members(tenant)).find((m) => m.email === email) as { id: string }).id;
  const events = async (kind: string) =>
    (await t.http.get(`/api/tenant/security-events?kind=${kind}`).set(admin()).expect(200)).body.data as Array<Record<string, unknown>>;
  /** Invites, accepts and answers the new member's session cookie. */
  const join = async (email: string, role: 'agent' | 'admin', tenant = acme) => {
    const created = (await invite({ email, name: 'New member', role }, tenant).expect(201)).body as CreatedInvitationDto;
    const res = await accept({ token: tokenOf(created), name: 'New member', password: AGENT_PASSWORD }, host(tenant)).expect(200);
    return sessionCookie(res) as string;
  };

  beforeAll(async () => {
    t = await startTestApp();
    acme = await t.signup();
    other = await t.signup();
  });
  afterAll(() => t.close());

  it('invites with a link shown once, which the invited person follows to choose a password and is signed in', async () => {
    const created = (await invite({ email: 'Grace@Acme.example', name: 'Grace Hopper', role: 'agent' }).expect(201)).body as CreatedInvitationDto;
    expect(created).toMatchObject({ email: 'grace@acme.example', name: 'Grace Hopper', role: 'agent', invited_by: null });
    expect(created.url).toMatch(new RegExp(`^${portalOrigin(acme.tenant.slug)}/invitation#[A-Za-z0-9_-]{43}$`));
    const token = tokenOf(created);
    const listed = (await t.http.get('/api/tenant/invitations').set(admin()).expect(200)).body;
    expect(listed).toEqual([expect.objectContaining({ id: created.id, email: 'grace@acme.example' })]);
    expect(JSON.stringify(listed)).not.toContain(token);

    expect((await preview(token).expect(200)).body).toEqual({
      email: 'grace@acme.example',
      name: 'Grace Hopper',
      role: 'agent',
      tenant_name: acme.tenant.name,
      expires_at: created.expires_at,
    });
    expect(new Date(created.expires_at).getTime() - new Date(created.created_at).getTime()).toBe(7 * DAY_MS);

    const res = await accept({ token, name: 'Grace B. Hopper', password: AGENT_PASSWORD }).expect(200);
    expect(res.body).toMatchObject({ user: { email: 'grace@acme.example', name: 'Grace B. Hopper', role: 'agent' }, auth_method: 'password' });
    const cookie = sessionCookie(res) as string;
    expect((await t.http.get('/api/me').set('Host', host()).set('Cookie', cookie).expect(200)).body.user.role).toBe('agent');
    // An agent works tickets with the session, and may not touch the settings.
    await t.http.get('/api/tickets').set('Host', host()).set('Cookie', cookie).expect(200);
    expect((await t.http.get('/api/tenant/members').set('Host', host()).set('Cookie', cookie).expect(403)).body.code).toBe('FORBIDDEN');
    // The chosen password works from now on; the invitation is no longer open.
    await login('grace@acme.example', AGENT_PASSWORD).expect(200);
    expect((await t.http.get('/api/tenant/invitations').set(admin()).expect(200)).body).toEqual([]);
    expect((await members()).map((m) => [m.email, m.role, m.active])).toContainEqual(['grace@acme.example', 'agent', true]);
    expect((await events('invitation_accepted')).map((e) => e.email)).toContain('grace@acme.example');
    expect((await events('member_invited')).map((e) => e.email)).toContain('grace@acme.example');
    expect(JSON.stringify(await events('member_invited'))).not.toContain(token);
  });

  it('spends a link once, and says why one cannot be used: accepted, expired, replaced or withdrawn', async () => {
    const first = (await invite({ email: 'once@acme.example', name: 'Once', role: 'agent' }).expect(201)).body as CreatedInvitationDto;
    await accept({ token: tokenOf(first), name: 'Once', password: AGENT_PASSWORD }).expect(200);
    for (const res of [await accept({ token: tokenOf(first), name: 'Mallory', password: 'another long password' }), await preview(tokenOf(first))]) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'TOKEN_REPLAYED', message: 'This invitation has already been accepted.' });
    }
    // The second attempt changed nothing: the first password still works, the other does not.
    await login('once@acme.example', AGENT_PASSWORD).expect(200);
    await login('once@acme.example', 'another long password').expect(401);

    const expiring = (await invite({ email: 'late@acme.example', name: 'Late', role: 'agent' }).expect(201)).body as CreatedInvitationDto;
    t.clock.advance(7 * DAY_MS + 1000);
    try {
      expect((await accept({ token: tokenOf(expiring), name: 'Late', password: AGENT_PASSWORD }).expect(401)).body.code).toBe('TOKEN_EXPIRED');
    } finally {
      t.clock.reset();
    }
    await login('late@acme.example', AGENT_PASSWORD).expect(401);

    const replaced = (await invite({ email: 'twice@acme.example', name: 'Twice', role: 'agent' }).expect(201)).body as CreatedInvitationDto;
    const current = (await invite({ email: 'twice@acme.example', name: 'Twice', role: 'admin' }).expect(201)).body as CreatedInvitationDto;
    expect((await preview(tokenOf(replaced)).expect(401)).body.code).toBe('TOKEN_INVALID');
    expect((await preview(tokenOf(current)).expect(200)).body.role).toBe('admin');

    await t.http.delete(`/api/tenant/invitations/${current.id}`).set(admin()).expect(204);
    expect((await preview(tokenOf(current)).expect(401)).body.code).toBe('TOKEN_INVALID');
    await t.http.delete(`/api/tenant/invitations/${current.id}`).set(admin()).expect(404);
    expect((await preview('not-a-token').expect(401)).body.code).toBe('TOKEN_INVALID');
  });

  it('keeps each tenant\'s invitations and members to itself', async () => {
    const created = (await invite({ email: 'wall@acme.example', name: 'Wall', role: 'agent' }).expect(201)).body as CreatedInvitationDto;
    // Acme's link means nothing on another tenant's portal, and the platform host is no portal.
    expect((await preview(tokenOf(created), host(other)).expect(401)).body.code).toBe('TOKEN_INVALID');
    expect((await accept({ token: tokenOf(created), name: 'Wall', password: AGENT_PASSWORD }, host(other)).expect(401)).body.code).toBe('TOKEN_INVALID');
    expect((await preview(tokenOf(created), 'localhost:3000').expect(404)).body.code).toBe('TENANT_NOT_FOUND');
    // Another tenant's admin token reaches none of acme's rows.
    expect((await t.http.get('/api/tenant/invitations').set(admin(other)).expect(200)).body).toEqual([]);
    await t.http.delete(`/api/tenant/invitations/${created.id}`).set(admin(other)).expect(404);
    const acmeAdmin = await memberId(adminEmail());
    expect((await members(other)).map((m) => m.id)).not.toContain(acmeAdmin);
    await t.http.patch(`/api/tenant/members/${acmeAdmin}`).set(admin(other)).send({ role: 'agent' }).expect(404);
    expect((await members()).find((m) => m.id === acmeAdmin)).toMatchObject({ role: 'admin', active: true });
    // Still usable on its own portal.
    await preview(tokenOf(created)).expect(200);
  });

  it('validates what it is given, naming the fields', async () => {
    expect(Object.keys((await invite({}).expect(422)).body.errors).sort()).toEqual(['email', 'name', 'role']);
    expect((await invite({ email: 'x@acme.example', name: 'X', role: 'requester' }).expect(422)).body.errors.role).toEqual([
      'The selected role is invalid. Allowed values: admin, agent.',
    ]);
    const created = (await invite({ email: 'short@acme.example', name: 'Short', role: 'agent' }).expect(201)).body as CreatedInvitationDto;
    const res = await accept({ token: tokenOf(created), name: 'Short', password: 'short' }).expect(422);
    expect(Object.keys(res.body.errors)).toEqual(['password']);
    // Nothing was spent by the refused attempt.
    await preview(tokenOf(created)).expect(200);
    expect((await t.http.patch(`/api/tenant/members/${await memberId(adminEmail())}`).set(admin()).send({ active: 'no' }).expect(422)).body.errors).toHaveProperty('active');
  });

  it('refuses to invite a member again (409), and makes a requester who is invited a member with the same account', async () => {
    expect((await invite({ email: adminEmail(), name: 'Owner', role: 'agent' }).expect(409)).body.code).toBe('CONFLICT');
    const jwt = await t.http.post('/api/jwt/login').set('Host', host()).send({ token: loginJwt(acme.jwt_secret, { email: 'req@customer.example', jti: 'req-1' }) }).expect(200);
    const requesterId = jwt.body.user.id as string;
    await t.http.post('/api/tickets').set(admin()).send({ title: 'Mine', description: 'x', requester_email: 'req@customer.example' }).expect(201);
    await join('req@customer.example', 'agent');
    const joined = (await members()).find((m) => m.email === 'req@customer.example');
    expect(joined).toMatchObject({ id: requesterId, role: 'agent', active: true });
  });

  it('changes roles, deactivates (ending the sessions at once) and reactivates', async () => {
    const cookie = await join('dee@acme.example', 'agent');
    const id = await memberId('dee@acme.example');
    expect((await t.http.patch(`/api/tenant/members/${id}`).set(admin()).send({ role: 'admin' }).expect(200)).body).toMatchObject({ role: 'admin', active: true });
    await t.http.get('/api/tenant/members').set('Host', host()).set('Cookie', cookie).expect(200);

    const res = await t.http.patch(`/api/tenant/members/${id}`).set(admin()).send({ active: false }).expect(200);
    expect(res.body).toMatchObject({ role: 'admin', active: false });
    expect((await t.http.get('/api/me').set('Host', host()).set('Cookie', cookie).expect(401)).body.code).toBe('UNAUTHENTICATED');
    await login('dee@acme.example', AGENT_PASSWORD).expect(401);
    const assignable = (await t.http.get('/api/agents').set(admin()).expect(200)).body as Array<{ id: string }>;
    expect(assignable.map((a) => a.id)).not.toContain(id);
    expect((await events('member_updated')).some((e) => e.user_id === id && String(e.details).startsWith('deactivated (1 session(s) ended)'))).toBe(true);

    await t.http.patch(`/api/tenant/members/${id}`).set(admin()).send({ active: true, role: 'agent' }).expect(200);
    expect((await login('dee@acme.example', AGENT_PASSWORD).expect(200)).body.user.role).toBe('agent');
  });

  it('never lets an admin demote or deactivate themselves, nor the tenant lose its last admin (409)', async () => {
    const fresh = await t.signup();
    const ownerId = await memberId(adminEmail(fresh), fresh);
    // With the API token: the owner is the only admin.
    for (const body of [{ role: 'agent' }, { active: false }]) {
      const res = await t.http.patch(`/api/tenant/members/${ownerId}`).set(admin(fresh)).send(body).expect(409);
      expect(res.body.message).toBe('This is the only active admin.');
    }
    // Signed in to the console: not oneself, even with another admin around.
    await join(`second@${fresh.tenant.slug}.example`, 'admin', fresh);
    const ownerSession = sessionCookie(await login(adminEmail(fresh), PASSWORD, fresh).expect(200)) as string;
    const me = await t.http.get('/api/me').set('Host', host(fresh)).set('Cookie', ownerSession).expect(200);
    const self = await t.http.patch(`/api/tenant/members/${ownerId}`).set('Host', host(fresh)).set('Cookie', ownerSession)
      .set('X-CSRF-Token', me.body.csrf_token).send({ active: false }).expect(409);
    expect(self.body.message).toBe('You cannot change your own role or deactivate yourself.');
    // With another active admin, the API token may demote the owner; the second is then the last.
    await t.http.patch(`/api/tenant/members/${ownerId}`).set(admin(fresh)).send({ role: 'agent' }).expect(200);
    const secondId = await memberId(`second@${fresh.tenant.slug}.example`, fresh);
    await t.http.patch(`/api/tenant/members/${secondId}`).set(admin(fresh)).send({ active: false }).expect(409);
  });

  it('refuses a cross-site acceptance (login CSRF) and the platform host', async () => {
    const created = (await invite({ email: 'csrf@acme.example', name: 'C', role: 'agent' }).expect(201)).body as CreatedInvitationDto;
    const res = await t.http.post('/api/auth/invitation/accept').set('Host', host()).set('Origin', 'https://evil.example')
      .send({ token: tokenOf(created), name: 'C', password: AGENT_PASSWORD }).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect(sessionCookie(res)).toBeNull();
    await preview(tokenOf(created)).expect(200);
  });

  it('filters the security log by address, alongside the kind', async () => {
    await join('filtered@acme.example', 'agent');
    const byEmail = (await t.http.get('/api/tenant/security-events?email=FILTERED@acme.example').set(admin()).expect(200)).body.data as Array<{ kind: string; email: string }>;
    expect(byEmail.length).toBeGreaterThanOrEqual(2);
    expect(new Set(byEmail.map((e) => e.email))).toEqual(new Set(['filtered@acme.example']));
    expect(byEmail.map((e) => e.kind)).toEqual(expect.arrayContaining(['member_invited', 'invitation_accepted', 'login_succeeded']));
    const both = (await t.http.get('/api/tenant/security-events?email=filtered@acme.example&kind=member_invited').set(admin()).expect(200)).body.data;
    expect(both.map((e: { kind: string }) => e.kind)).toEqual(['member_invited']);
    // Another tenant's log knows nothing of this address.
    expect((await t.http.get('/api/tenant/security-events?email=filtered@acme.example').set(admin(other)).expect(200)).body.data).toEqual([]);
  });
});
