import { DataSource } from 'typeorm';
import { TenantsService } from '../../tenants/tenants.service';
import { bearer, signupBody, startTestApp, TestApp } from '../../testing/test-app';

const envelope = (status: string, code: string) =>
  expect.objectContaining({ error: status, code, message: expect.any(String), correlation_id: expect.any(String) });

describe('the HTTP edge: errors, correlation ids, bodies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('puts a correlation id on every answer and in every error body', async () => {
    const ok = await t.http.get('/health').expect(200);
    expect(ok.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    const err = await t.http.get('/api/nothing-here').expect(404);
    expect(err.body.correlation_id).toBe(err.headers['x-correlation-id']);
  });

  it('echoes a sane X-Correlation-Id and replaces an unsafe one', async () => {
    const echoed = await t.http.get('/api/nope').set('X-Correlation-Id', 'req-1234.abc:99').expect(404);
    expect(echoed.headers['x-correlation-id']).toBe('req-1234.abc:99');
    expect(echoed.body.correlation_id).toBe('req-1234.abc:99');
    for (const bad of ['short', 'has space in it', 'x'.repeat(129), '<script>alert(1)</script>']) {
      const res = await t.http.get('/api/nope').set('X-Correlation-Id', bad);
      expect(res.headers['x-correlation-id']).not.toBe(bad);
      expect(res.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('answers an unknown route with a 404 in the envelope, for any method', async () => {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const res = await t.http[method]('/api/unknown/route').expect(404);
      expect(res.body).toEqual(envelope('Not Found', 'NOT_FOUND'));
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
  });

  it('answers malformed JSON with a 400 BAD_REQUEST', async () => {
    const res = await t.http.post('/api/signup').set('Content-Type', 'application/json').send('{"tenant_name": ').expect(400);
    expect(res.body).toEqual({
      message: 'The request body is not valid JSON.',
      error: 'Bad Request',
      code: 'BAD_REQUEST',
      details: expect.any(String),
      correlation_id: res.headers['x-correlation-id'],
    });
  });

  it('answers a body that is not an object with a 400', async () => {
    for (const body of ['[]', '"text"', '42', 'null']) {
      const res = await t.http.post('/api/signup').set('Content-Type', 'application/json').send(body);
      expect([body, res.status, res.body.code]).toEqual([body, 400, 'BAD_REQUEST']);
    }
  });

  it('answers a body nested too deeply with a 400, and takes ordinary nesting', async () => {
    const deep = '{"a":'.repeat(3000) + '1' + '}'.repeat(3000);
    const res = await t.http.post('/api/signup').set('Content-Type', 'application/json').send(deep).expect(400);
    expect(res.body).toMatchObject({ code: 'BAD_REQUEST', message: 'The request body is nested too deeply.' });
    const arrays = '['.repeat(5000) + ']'.repeat(5000);
    await t.http.post('/api/signup').set('Content-Type', 'application/json').send(arrays).expect(400);
    const ok = await t.http.post('/api/signup').send({ ...signupBody(), extra: { a: { b: { c: 1 } } } }).expect(422);
    expect(ok.body.errors).toEqual({ extra: ['The extra field is not allowed.'] });
  });

  it('refuses a NUL character in any string with a 422 naming the field', async () => {
    const res = await t.http.post('/api/signup').send(signupBody({ tenant_name: 'a\u0000b' })).expect(422);
    expect(res.body.errors).toEqual({ tenant_name: ['The tenant name field must not contain NUL characters.'] });
    const tenant = await t.signup();
    const patch = await t.http.patch('/api/tenant').set(bearer(tenant.api_token)).send({ allowed_origins: ['https://a.example\u0000'] }).expect(422);
    expect(Object.keys(patch.body.errors)).toEqual(['allowed_origins.0']);
  });

  it('refuses prototype tricks with a 400', async () => {
    for (const body of ['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}']) {
      const res = await t.http.post('/api/signup').set('Content-Type', 'application/json').send(body).expect(400);
      expect(res.body).toMatchObject({
        code: 'BAD_REQUEST',
        message: 'The request body is not valid JSON.',
      });
    }
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
  });

  it('answers another content type with a 400 that says what to send', async () => {
    for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x']) {
      const res = await t.http.post('/api/signup').set('Content-Type', type).send('tenant_name=x').expect(400);
      expect(res.body).toMatchObject({ code: 'BAD_REQUEST', message: 'Unsupported content type.' });
    }
  });

  it('answers a body over 1 MB with a 413 and stores nothing', async () => {
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM tenants');
    const res = await t.http
      .post('/api/signup')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...signupBody(), tenant_name: 'x'.repeat(1024 * 1024) }))
      .expect(413);
    expect(res.body).toEqual(envelope('Payload Too Large', 'PAYLOAD_TOO_LARGE'));
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM tenants')).toEqual(before);
  });

  it('accepts a body just under 1 MB (then validates it)', async () => {
    const res = await t.http
      .post('/api/signup')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...signupBody(), tenant_name: 'x'.repeat(1000 * 1000) }))
      .expect(422);
    expect(Object.keys(res.body.errors)).toEqual(['tenant_name']);
  });

  it('says nothing of the internals on a 500', async () => {
    const tenant = await t.signup();
    const spy = jest
      .spyOn(t.app.get(TenantsService), 'get')
      .mockRejectedValueOnce(new Error('relation "secret_table" does not exist at /srv/app/x.ts:1'));
    const res = await t.http.get('/api/tenant').set(bearer(tenant.api_token)).expect(500);
    spy.mockRestore();
    expect(res.body).toEqual({
      message: 'Something went wrong on our side. Quote the correlation id if you contact support.',
      error: 'Internal Server Error',
      code: 'INTERNAL_ERROR',
      correlation_id: res.headers['x-correlation-id'],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/secret_table|\.ts|at /);
  });

  it('GET /health reports the database, and a 503 in the envelope when it does not answer', async () => {
    const ok = await t.http.get('/health').expect(200);
    expect(ok.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    const spy = jest.spyOn(t.app.get(DataSource), 'query').mockRejectedValueOnce(new Error('connection refused'));
    const down = await t.http.get('/health').expect(503);
    spy.mockRestore();
    expect(down.body).toEqual({
      message: 'The service is unavailable.',
      error: 'Service Unavailable',
      code: 'SERVICE_UNAVAILABLE',
      details: 'The database does not answer.',
      correlation_id: down.headers['x-correlation-id'],
    });
  });

  it('maps a path id that is not a UUID to 404, never a database error', async () => {
    const tenant = await t.signup();
    for (const id of ['1', "1' OR '1'='1", '%00', 'ffffffff-ffff-ffff-ffff-fffffffffffff']) {
      const res = await t.http.delete(`/api/tenant/api-tokens/${encodeURIComponent(id)}`).set(bearer(tenant.api_token));
      expect([id, res.status]).toEqual([id, 404]);
    }
  });

  it('sends the security headers', async () => {
    const res = await t.http.get('/health');
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'SAMEORIGIN',
    });
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('serves the API docs: Swagger UI and the OpenAPI document', async () => {
    const ui = await t.http.get('/api/docs').expect(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    const doc = await t.http.get('/api/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/signup', '/api/tenant', '/health']));
  });
});
