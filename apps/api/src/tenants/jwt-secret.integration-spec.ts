import type { SignupResponseDto } from '@central-tickets/contracts';
import { TenantDb } from '../core/database/tenant-db';
import { bearer, startTestApp, TestApp } from '../testing/test-app';
import { JwtSecretsService } from './jwt-secrets.service';

describe('POST /api/tenant/jwt-secret/rotate', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** The secrets that verify signatures right now, as the JWT login will see them. */
  const validSecrets = (tenantId: string) =>
    t.app.get(TenantDb).run(tenantId, (tx) => t.app.get(JwtSecretsService).validSecrets(tx));

  it('issues a new secret and keeps the previous one for the grace period only', async () => {
    const tenant: SignupResponseDto = await t.signup();
    expect(await validSecrets(tenant.tenant.id)).toEqual([{ kid: tenant.jwt_secret_kid, secret: tenant.jwt_secret }]);

    const res = await t.http.post('/api/tenant/jwt-secret/rotate').set(bearer(tenant.api_token)).expect(201);
    expect(res.body).toEqual({
      jwt_secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      kid: expect.stringMatching(/^k_[0-9a-f]{12}$/),
      previous_kid: tenant.jwt_secret_kid,
      previous_valid_until: expect.any(String),
    });
    const hours = (Date.parse(res.body.previous_valid_until) - t.clock.now().getTime()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.99);
    expect(hours).toBeLessThanOrEqual(24);
    expect(await validSecrets(tenant.tenant.id)).toEqual([
      { kid: res.body.kid, secret: res.body.jwt_secret },
      { kid: tenant.jwt_secret_kid, secret: tenant.jwt_secret },
    ]);

    t.clock.advance(24 * 3_600_000 + 1_000);
    expect(await validSecrets(tenant.tenant.id)).toEqual([{ kid: res.body.kid, secret: res.body.jwt_secret }]);
    t.clock.reset();
  });

  it('keeps only one previous secret across rotations', async () => {
    const tenant = await t.signup();
    const first = await t.http.post('/api/tenant/jwt-secret/rotate').set(bearer(tenant.api_token)).expect(201);
    const second = await t.http.post('/api/tenant/jwt-secret/rotate').set(bearer(tenant.api_token)).expect(201);
    expect(second.body.previous_kid).toBe(first.body.kid);
    expect((await validSecrets(tenant.tenant.id)).map((s) => s.kid)).toEqual([second.body.kid, first.body.kid]);
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM jwt_secrets WHERE tenant_id = $1', [tenant.tenant.id]);
    expect(n).toBe(2);
  });

  it('refuses the previous secret at once when the grace period is 0', async () => {
    const tenant = await t.signup();
    await t.http.patch('/api/tenant').set(bearer(tenant.api_token)).send({ jwt_secret_grace_hours: 0 }).expect(200);
    const res = await t.http.post('/api/tenant/jwt-secret/rotate').set(bearer(tenant.api_token)).expect(201);
    expect(res.body.previous_valid_until).toBeNull();
    expect(await validSecrets(tenant.tenant.id)).toEqual([{ kid: res.body.kid, secret: res.body.jwt_secret }]);
  });

  it('serialises concurrent rotations: one current secret, one previous', async () => {
    const tenant = await t.signup();
    const results = await Promise.all(
      [1, 2, 3].map(() => t.http.post('/api/tenant/jwt-secret/rotate').set(bearer(tenant.api_token))),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    const rows = await t.dataSource.query(
      'SELECT kid, valid_until FROM jwt_secrets WHERE tenant_id = $1 ORDER BY created_at',
      [tenant.tenant.id],
    );
    expect(rows.filter((r: { valid_until: Date | null }) => r.valid_until === null)).toHaveLength(1);
    expect(rows).toHaveLength(2);
  });

  it('cannot decrypt a secret moved to another tenant', async () => {
    const a = await t.signup();
    const b = await t.signup();
    await t.dataSource.query(
      `UPDATE jwt_secrets SET secret_ciphertext = (SELECT secret_ciphertext FROM jwt_secrets WHERE tenant_id = $1)
        WHERE tenant_id = $2`,
      [a.tenant.id, b.tenant.id],
    );
    expect(await validSecrets(b.tenant.id)).toEqual([]);
  });
});
