import type { SignupResponseDto } from '@central-tickets/contracts';
import { bearer, startTestApp, TestApp } from '../testing/test-app';

describe('GET and PATCH /api/tenant', () => {
  let t: TestApp;
  let tenant: SignupResponseDto;
  beforeAll(async () => {
    t = await startTestApp();
    tenant = await t.signup();
  });
  afterAll(() => t.close());

  it('shows the token\'s tenant with either token header', async () => {
    const viaBearer = await t.http.get('/api/tenant').set(bearer(tenant.api_token)).expect(200);
    const viaHeader = await t.http.get('/api/tenant').set('X-Tenant-API-Token', tenant.api_token).expect(200);
    expect(viaBearer.body).toEqual(tenant.tenant);
    expect(viaHeader.body).toEqual(tenant.tenant);
  });

  it('changes only the fields sent, and normalises origins', async () => {
    const res = await t.http
      .patch('/api/tenant')
      .set(bearer(tenant.api_token))
      .send({
        allowed_origins: ['https://WWW.Acme.example', 'http://localhost:8080', 'https://www.acme.example:443'],
        redirect_auth: 'signed',
        test_mode: true,
        jwt_secret_grace_hours: 48,
      })
      .expect(200);
    expect(res.body).toEqual({
      ...tenant.tenant,
      allowed_origins: ['https://www.acme.example', 'http://localhost:8080'],
      redirect_auth: 'signed',
      test_mode: true,
      jwt_secret_grace_hours: 48,
    });
    const renamed = await t.http.patch('/api/tenant').set(bearer(tenant.api_token)).send({ name: ' Acme Corp ' }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'Acme Corp', redirect_auth: 'signed', jwt_secret_grace_hours: 48 });
    const again = await t.http.get('/api/tenant').set(bearer(tenant.api_token)).expect(200);
    expect(again.body).toEqual(renamed.body);
  });

  it('accepts an empty change', async () => {
    const before = await t.http.get('/api/tenant').set(bearer(tenant.api_token)).expect(200);
    const res = await t.http.patch('/api/tenant').set(bearer(tenant.api_token)).send({}).expect(200);
    expect(res.body).toEqual(before.body);
  });

  it.each([
    ['name', '', 'The name field is required.'],
    ['name', 'n'.repeat(256), 'The name field must not be greater than 255 characters.'],
    ['name', 7, 'The name field must be a string.'],
    ['allowed_origins', 'https://a.example', 'The allowed origins field must be an array.'],
    ['allowed_origins', ['https://a.example/path'], 'The allowed origins field must contain only origins of the form scheme://host[:port] with no path (invalid: "https://a.example/path").'],
    ['allowed_origins', ['ftp://a.example'], 'The allowed origins field must contain only origins of the form scheme://host[:port] with no path (invalid: "ftp://a.example").'],
    ['allowed_origins', ['https://user:pw@a.example'], 'The allowed origins field must contain only origins of the form scheme://host[:port] with no path (invalid: "https://user:pw@a.example").'],
    ['allowed_origins', ['*'], 'The allowed origins field must contain only origins of the form scheme://host[:port] with no path (invalid: "*").'],
    ['allowed_origins', [5], 'The allowed origins field must contain only origins of the form scheme://host[:port] with no path (invalid: 5).'],
    ['allowed_origins', Array.from({ length: 51 }, (_, i) => `https://a${i}.example`), 'The allowed origins field must not have more than 50 items.'],
    ['redirect_auth', 'none', 'The selected redirect auth is invalid. Allowed values: origin, signed, open.'],
    ['test_mode', 'yes', 'The test mode field must be true or false.'],
    ['jwt_secret_grace_hours', 1.5, 'The jwt secret grace hours field must be an integer.'],
    ['jwt_secret_grace_hours', -1, 'The jwt secret grace hours field must be between 0 and 720.'],
    ['jwt_secret_grace_hours', 721, 'The jwt secret grace hours field must be between 0 and 720.'],
    ['jwt_secret_grace_hours', '24', 'The jwt secret grace hours field must be an integer.'],
    ['name', null, 'The name field is required.'],
    ['allowed_origins', null, 'The allowed origins field must be an array.'],
    ['redirect_auth', null, 'The selected redirect auth is invalid. Allowed values: origin, signed, open.'],
    ['test_mode', null, 'The test mode field must be true or false.'],
    ['jwt_secret_grace_hours', null, 'The jwt secret grace hours field must be an integer.'],
    ['slug', 'renamed', 'The slug field is not allowed.'],
    ['id', '00000000-0000-0000-0000-000000000000', 'The id field is not allowed.'],
  ])('refuses %s = %j with a 422 and changes nothing', async (field, value, message) => {
    const before = await t.http.get('/api/tenant').set(bearer(tenant.api_token)).expect(200);
    const res = await t.http
      .patch('/api/tenant')
      .set(bearer(tenant.api_token))
      .send({ name: 'Should not stick', [field]: value })
      .expect(422);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: { [field]: [message] } });
    const after = await t.http.get('/api/tenant').set(bearer(tenant.api_token)).expect(200);
    expect(after.body).toEqual(before.body);
  });
});
