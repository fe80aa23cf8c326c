import { bearer, signupBody, startTestApp, TestApp } from '../testing/test-app';

describe('POST /api/signup', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('creates the tenant, its admin, an all-scope API token and a JWT secret', async () => {
    const body = signupBody({ tenant_name: '  Acme Inc.  ', admin_email: 'Owner@Acme.Example' });
    const res = await t.http.post('/api/signup').send(body).expect(201);
    expect(res.body).toEqual({
      tenant: expect.objectContaining({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        slug: body['tenant_slug'],
        name: 'Acme Inc.',
        portal_url: `http://${body['tenant_slug']}.localhost:3000`,
        domains: [],
        allowed_origins: [],
        redirect_auth: 'origin',
        test_mode: false,
        jwt_secret_grace_hours: 24,
      }),
      portal_url: `http://${body['tenant_slug']}.localhost:3000`,
      api_token: expect.stringMatching(/^ct_[A-Za-z0-9_-]{64}$/),
      jwt_secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      jwt_secret_kid: expect.stringMatching(/^k_[0-9a-f]{12}$/),
    });
    const tenant = await t.http.get('/api/tenant').set(bearer(res.body.api_token)).expect(200);
    expect(tenant.body.id).toBe(res.body.tenant.id);

    const [admin] = await t.dataSource.query(
      'SELECT email, name, role, password_hash FROM users WHERE tenant_id = $1',
      [res.body.tenant.id],
    );
    expect(admin).toMatchObject({ email: 'owner@acme.example', name: 'Owner', role: 'admin' });
    expect(admin.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('accepts a form post as well as JSON', async () => {
    const body = signupBody();
    await t.http.post('/api/signup').type('form').send(body).expect(201);
  });

  it('stores secrets only hashed or encrypted', async () => {
    const res = await t.signup();
    const dump = JSON.stringify(
      await t.dataSource.query(
        `SELECT (SELECT json_agg(a) FROM api_tokens a WHERE tenant_id = $1) AS tokens,
                (SELECT json_agg(s) FROM jwt_secrets s WHERE tenant_id = $1) AS secrets`,
        [res.tenant.id],
      ),
    );
    expect(dump).not.toContain(res.api_token);
    expect(dump).not.toContain(res.api_token.slice(3));
    expect(dump).not.toContain(res.jwt_secret);
  });

  it('answers 409 for a taken slug and writes nothing', async () => {
    const first = await t.signup();
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM users');
    const res = await t.http
      .post('/api/signup')
      .send(signupBody({ tenant_slug: first.tenant.slug }))
      .expect(409);
    expect(res.body).toMatchObject({
      code: 'CONFLICT',
      message: 'This tenant slug is already taken.',
      errors: { tenant_slug: ['The tenant slug has already been taken.'] },
      correlation_id: res.headers['x-correlation-id'],
    });
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM users')).toEqual(before);
  });

  it('gives one 201 and one 409 when two sign-ups race for a slug', async () => {
    const body = signupBody();
    const results = await Promise.all([
      t.http.post('/api/signup').send(body),
      t.http.post('/api/signup').send({ ...body, admin_email: 'other@example.com' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it.each([
    ['tenant_slug', 'ab', 'The tenant slug field must be between 3 and 40 characters.'],
    ['tenant_slug', 'a'.repeat(41), 'The tenant slug field must be between 3 and 40 characters.'],
    ['tenant_slug', 'Acme', 'The tenant slug field may contain only lower-case letters, digits and single hyphens, and must start and end with a letter or digit.'],
    ['tenant_slug', '-acme', 'The tenant slug field may contain only lower-case letters, digits and single hyphens, and must start and end with a letter or digit.'],
    ['tenant_slug', 'acme-', 'The tenant slug field may contain only lower-case letters, digits and single hyphens, and must start and end with a letter or digit.'],
    ['tenant_slug', 'ac--me', 'The tenant slug field may contain only lower-case letters, digits and single hyphens, and must start and end with a letter or digit.'],
    ['tenant_slug', 'ac_me', 'The tenant slug field may contain only lower-case letters, digits and single hyphens, and must start and end with a letter or digit.'],
    ['tenant_slug', 'api', 'The tenant slug "api" is reserved; choose another.'],
    ['tenant_slug', 'www', 'The tenant slug "www" is reserved; choose another.'],
    ['tenant_slug', 42, 'The tenant slug field must be a string.'],
    ['tenant_name', '   ', 'The tenant name field is required.'],
    ['tenant_name', 'n'.repeat(256), 'The tenant name field must not be greater than 255 characters.'],
    ['admin_email', 'not-an-email', 'The admin email field must be a valid email address.'],
    ['admin_email', `${'a'.repeat(60)}@${['b', 'c', 'd', 'e'].map((c) => c.repeat(60)).join('.')}.io`, 'The admin email field must not be greater than 254 characters.'],
    ['admin_email', ['a@b.co'], 'The admin email field must be a string.'],
    ['admin_name', null, 'The admin name field is required.'],
    ['admin_name', 'n'.repeat(256), 'The admin name field must not be greater than 255 characters.'],
    ['admin_password', 'short', 'The admin password field must be at least 12 characters.'],
    ['admin_password', 'p'.repeat(257), 'The admin password field must not be greater than 256 characters.'],
  ])('refuses %s = %j with a 422 naming the field', async (field, value, message) => {
    const res = await t.http
      .post('/api/signup')
      .send(signupBody({ [field]: value }))
      .expect(422);
    expect(res.body).toEqual({
      message: 'The given data was invalid.',
      error: 'Unprocessable Entity',
      code: 'VALIDATION_FAILED',
      errors: { [field]: [message] },
      correlation_id: expect.any(String),
    });
  });

  it('names every missing field, in the guides\' words', async () => {
    const res = await t.http.post('/api/signup').send({}).expect(422);
    expect(res.body.errors).toEqual({
      tenant_name: ['The tenant name field is required.'],
      tenant_slug: ['The tenant slug field is required.'],
      admin_email: ['The admin email field is required.'],
      admin_name: ['The admin name field is required.'],
      admin_password: ['The admin password field is required.'],
    });
  });

  it('refuses unknown fields', async () => {
    const res = await t.http
      .post('/api/signup')
      .send(signupBody({ is_admin: true }))
      .expect(422);
    expect(res.body.errors).toEqual({ is_admin: ['The is admin field is not allowed.'] });
  });
});
