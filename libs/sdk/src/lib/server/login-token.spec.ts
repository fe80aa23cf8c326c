import jwt, { type JwtPayload } from 'jsonwebtoken';
import { LOGIN_TOKEN_MAX_LIFETIME_SECONDS, signLoginToken } from './login-token';

const SECRET = 'tenant-jwt-secret-8f2b6c1e9d7a4f3b';
const NOW = Date.UTC(2026, 10, 21, 8, 0, 0);
const NOW_S = NOW / 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** As the API's LoginTokenVerifier calls jsonwebtoken: HS256 only, 30 s of leeway, its own clock. */
const verifyLikeTheApi = (token: string, options: jwt.VerifyOptions = {}, secret = SECRET) =>
  jwt.verify(token, secret, { algorithms: ['HS256'], clockTolerance: 30, clockTimestamp: NOW_S, ...options }) as JwtPayload;

const parts = (token: string) => token.split('.');
const decodePart = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('signLoginToken', () => {
  it('signs an HS256 JWT that jsonwebtoken verifies, with the claims the API reads', () => {
    const token = signLoginToken({ email: 'jane@customer.example', name: 'Jane Doe', secret: SECRET, now: NOW });

    const payload = verifyLikeTheApi(token);
    expect(payload).toEqual({
      email: 'jane@customer.example',
      name: 'Jane Doe',
      iat: NOW_S,
      exp: NOW_S + 60,
      jti: expect.stringMatching(UUID),
    });
    expect(decodePart(parts(token)[0])).toEqual({ alg: 'HS256', typ: 'JWT' });
    // The lifetime rule of the verifier: exp − iat ≤ 120.
    expect((payload.exp as number) - (payload.iat as number)).toBeLessThanOrEqual(120);
  });

  it('is byte for byte what jsonwebtoken itself would sign', () => {
    const token = signLoginToken({ email: 'a@b.example', name: 'Zoë Ångström', secret: SECRET, kid: 'k1', jti: 'fixed-jti', now: NOW });
    const expected = jwt.sign({ email: 'a@b.example', name: 'Zoë Ångström', iat: NOW_S, exp: NOW_S + 60, jti: 'fixed-jti' }, SECRET, {
      algorithm: 'HS256',
      keyid: 'k1',
    });
    expect(token).toBe(expected);
  });

  it('adds the optional claims and the kid header when given', () => {
    const token = signLoginToken({
      email: '  Jane@Customer.example ',
      name: ' Jane Doe ',
      secret: SECRET,
      kid: 'kid-2026',
      externalId: 'user-42',
      redirectUrl: 'https://acme.tickets.example.com/tickets/new',
      audience: 'acme',
      emailVerified: true,
      expiresInSeconds: 120,
      now: new Date(NOW),
    });
    const complete = jwt.decode(token, { complete: true });
    expect(complete?.header).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'kid-2026' });
    expect(verifyLikeTheApi(token, { audience: 'acme' })).toMatchObject({
      email: 'Jane@Customer.example',
      name: 'Jane Doe',
      external_id: 'user-42',
      redirect_url: 'https://acme.tickets.example.com/tickets/new',
      aud: 'acme',
      email_verified: true,
      exp: NOW_S + 120,
    });
  });

  it('gives every token its own jti (single use on the API)', () => {
    const jtis = Array.from({ length: 20 }, () => (jwt.decode(signLoginToken({ email: 'a@b.example', name: 'A', secret: SECRET })) as JwtPayload).jti);
    expect(new Set(jtis).size).toBe(20);
  });

  it('is refused when tampered with, signed with another secret, or stripped of its signature', () => {
    const token = signLoginToken({ email: 'jane@customer.example', name: 'Jane Doe', secret: SECRET, now: NOW });
    const [header, payload, signature] = parts(token);

    const forged = Buffer.from(JSON.stringify({ ...decodePart(payload), email: 'ceo@customer.example' })).toString('base64url');
    expect(() => verifyLikeTheApi(`${header}.${forged}.${signature}`)).toThrow('invalid signature');

    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(() => verifyLikeTheApi(`${header}.${payload}.${flipped}`)).toThrow('invalid signature');

    expect(() => verifyLikeTheApi(token, {}, 'another-tenants-secret')).toThrow('invalid signature');

    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(() => verifyLikeTheApi(`${none}.${payload}.`)).toThrow();
  });

  it('expires: a token signed three minutes ago is refused even with the 30 s leeway', () => {
    const token = signLoginToken({ email: 'a@b.example', name: 'A', secret: SECRET, now: NOW - 180_000, expiresInSeconds: 120 });
    expect(() => verifyLikeTheApi(token)).toThrow(jwt.TokenExpiredError);
  });

  it.each([0, -1, 1.5, LOGIN_TOKEN_MAX_LIFETIME_SECONDS + 1, Number.NaN])('refuses a lifetime of %p seconds', (expiresInSeconds) => {
    expect(() => signLoginToken({ email: 'a@b.example', name: 'A', secret: SECRET, expiresInSeconds })).toThrow(RangeError);
  });

  it.each([
    [{ email: '', name: 'A', secret: SECRET }, /email is required/],
    [{ email: 'not-an-address', name: 'A', secret: SECRET }, /email must be an email address/],
    [{ email: 'a@b.example', name: '   ', secret: SECRET }, /name is required/],
    [{ email: 'a@b.example', name: 'x'.repeat(256), secret: SECRET }, /name must be at most 255/],
    [{ email: 'a@b.example', name: 'A', secret: '' }, /secret is required/],
    [{ email: 'a@b.example', name: 'A', secret: SECRET, redirectUrl: 'javascript:alert(1)' }, /http\(s\) URL/],
    [{ email: 'a@b.example', name: 'A', secret: SECRET, kid: '' }, /kid is required/],
  ])('refuses bad input %#', (options, message) => {
    expect(() => signLoginToken(options)).toThrow(message);
  });

  it('refuses to run in a browser page, where the secret would be anyone\'s', () => {
    const g = globalThis as { window?: unknown; document?: unknown };
    g.window = {};
    g.document = {};
    try {
      expect(() => signLoginToken({ email: 'a@b.example', name: 'A', secret: SECRET })).toThrow(/never be sent to a browser/);
    } finally {
      delete g.window;
      delete g.document;
    }
  });
});
