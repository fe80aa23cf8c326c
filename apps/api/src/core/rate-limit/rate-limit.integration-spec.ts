import { signupBody, startTestApp, TestApp } from '../../testing/test-app';

describe('rate limit on POST /api/signup', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_SIGNUP_PER_HOUR: '3' });
  });
  afterAll(() => t.close());

  it('counts every attempt per IP, then answers 429 with Retry-After until the hour is over', async () => {
    const first = await t.http.post('/api/signup').send(signupBody()).expect(201);
    expect(first.headers['x-ratelimit-limit']).toBe('3');
    expect(first.headers['x-ratelimit-remaining']).toBe('2');
    // A refused sign-up counts too: guards run before validation.
    const invalid = await t.http.post('/api/signup').send({}).expect(422);
    expect(invalid.headers['x-ratelimit-remaining']).toBe('1');
    await t.http.post('/api/signup').send(signupBody()).expect(201);

    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM tenants');
    const limited = await t.http.post('/api/signup').send(signupBody()).expect(429);
    expect(limited.body).toEqual({
      message: 'Too many requests.',
      error: 'Too Many Requests',
      code: 'RATE_LIMITED',
      details: expect.stringMatching(/^Limit of 3 requests reached; try again in \d+ seconds\.$/),
      retry_after: expect.any(Number),
      correlation_id: limited.headers['x-correlation-id'],
    });
    expect(limited.body.retry_after).toBeGreaterThan(3500);
    expect(limited.body.retry_after).toBeLessThanOrEqual(3600);
    expect(limited.headers['retry-after']).toBe(String(limited.body.retry_after));
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM tenants')).toEqual(before);
  });

  it('does not limit routes outside the bucket', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await t.http.get('/health').expect(200);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });
});
