import type { SignupResponseDto } from '@central-tickets/contracts';
import { bearer, startTestApp, TestApp } from '../testing/test-app';

describe('/api/tenant/domains', () => {
  let t: TestApp;
  let tenant: SignupResponseDto;
  const admin = () => bearer(tenant.api_token);
  beforeAll(async () => {
    t = await startTestApp();
    tenant = await t.signup();
  });
  afterAll(() => t.close());

  it('adds a domain with the TXT record to create, unverified', async () => {
    const res = await t.http.post('/api/tenant/domains').set(admin()).send({ hostname: ' Help.Acme.Example ' }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      hostname: 'help.acme.example',
      verified: false,
      verified_at: null,
      txt_record: {
        name: '_central-tickets.help.acme.example',
        type: 'TXT',
        value: expect.stringMatching(/^ct-verify=[0-9a-f]{32}$/),
      },
      created_at: expect.any(String),
    });
    const list = await t.http.get('/api/tenant/domains').set(admin()).expect(200);
    expect(list.body).toEqual([res.body]);
    const info = await t.http.get('/api/tenant').set(admin()).expect(200);
    expect(info.body.domains).toEqual([{ hostname: 'help.acme.example', verified: false }]);
  });

  it('refuses the same domain twice (409) and platform host names (422)', async () => {
    await t.http.post('/api/tenant/domains').set(admin()).send({ hostname: 'twice.acme.example' }).expect(201);
    const dup = await t.http.post('/api/tenant/domains').set(admin()).send({ hostname: 'twice.acme.example' }).expect(409);
    expect(dup.body.code).toBe('CONFLICT');
    for (const hostname of ['localhost', 'other.localhost', `${tenant.tenant.slug}.localhost`]) {
      const res = await t.http.post('/api/tenant/domains').set(admin()).send({ hostname }).expect(422);
      expect(Object.keys(res.body.errors)).toEqual(['hostname']);
    }
  });

  it('refuses a host name another tenant has verified', async () => {
    const other = await t.signup();
    await t.http.post('/api/tenant/domains').set(bearer(other.api_token)).send({ hostname: 'taken.example.org' }).expect(201);
    await t.dataSource.query(`UPDATE domains SET verified_at = now() WHERE hostname = 'taken.example.org'`);
    const res = await t.http.post('/api/tenant/domains').set(admin()).send({ hostname: 'taken.example.org' }).expect(409);
    expect(res.body.message).toBe('This domain is already in use.');
  });

  it.each([
    ['https://help.acme.example'],
    ['help.acme.example/path'],
    ['help.acme.example:8443'],
    ['nodot'],
    ['-bad.example.com'],
    ['a..b.com'],
    [''],
  ])('refuses hostname %j with a 422', async (hostname) => {
    const res = await t.http.post('/api/tenant/domains').set(admin()).send({ hostname }).expect(422);
    expect(Object.keys(res.body.errors)).toEqual(['hostname']);
  });

  it('removes a domain', async () => {
    const res = await t.http.post('/api/tenant/domains').set(admin()).send({ hostname: 'gone.acme.example' }).expect(201);
    await t.http.delete(`/api/tenant/domains/${res.body.id}`).set(admin()).expect(204);
    await t.http.delete(`/api/tenant/domains/${res.body.id}`).set(admin()).expect(404);
    const list = await t.http.get('/api/tenant/domains').set(admin()).expect(200);
    expect(list.body.map((d: { hostname: string }) => d.hostname)).not.toContain('gone.acme.example');
  });
});
