import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { RotatedJwtSecretDto } from '@central-tickets/contracts';
import { Clock } from '../core/clock';
import { SECRETS_AT_REST } from '../core/crypto/crypto.module';
import { SecretBox } from '../core/crypto/secret-box';
import { randomToken } from '../core/crypto/tokens';
import { TenantDb, TenantTx } from '../core/database/tenant-db';
import { JwtSecretsRepository } from './jwt-secrets.repository';
import { TenantsRepository } from './tenants.repository';

export interface PlainJwtSecret {
  kid: string;
  secret: string;
}

/**
 * The tenant's JWT signing secrets: 256 random bits each, encrypted at rest (bound to tenant
 * and key id), rotated with a grace period for the previous one.
 */
@Injectable()
export class JwtSecretsService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: JwtSecretsRepository,
    private readonly tenants: TenantsRepository,
    private readonly clock: Clock,
    @Inject(SECRETS_AT_REST) private readonly box: SecretBox,
  ) {}

  /** Makes and stores a new current secret; the caller retires the old one first. */
  async create(tx: TenantTx, secret = randomToken(32)): Promise<PlainJwtSecret> {
    const kid = `k_${randomBytes(6).toString('hex')}`;
    await this.repo.insert(tx, { kid, secretCiphertext: this.box.seal(secret, aad(tx.tenantId, kid)) });
    return { kid, secret };
  }

  rotate(tenantId: string): Promise<RotatedJwtSecretDto> {
    return this.db.run(tenantId, async (tx) => {
      const now = this.clock.now();
      // Locking the tenant row serialises rotations: a second one waits, then sees the
      // first one's new secret as current.
      const tenant = await this.tenants.getForUpdate(tx);
      const current = await this.repo.findCurrent(tx);
      let previousValidUntil: Date | null = null;
      if (current) {
        previousValidUntil = new Date(now.getTime() + tenant.jwtSecretGraceHours * 3_600_000);
        await this.repo.retire(tx, current.kid, previousValidUntil);
      }
      await this.repo.purgeRetired(tx, current?.kid ?? null, now);
      const created = await this.create(tx);
      return {
        jwt_secret: created.secret,
        kid: created.kid,
        previous_kid: current?.kid ?? null,
        previous_valid_until:
          previousValidUntil !== null && previousValidUntil > now ? previousValidUntil.toISOString() : null,
      };
    });
  }

  /** The secrets that verify login JWTs now, newest first, decrypted. */
  async validSecrets(tx: TenantTx): Promise<PlainJwtSecret[]> {
    const rows = await this.repo.listValid(tx, this.clock.now());
    return rows.flatMap((row) => {
      const plain = this.box.open(row.secretCiphertext, aad(tx.tenantId, row.kid));
      return plain ? [{ kid: row.kid, secret: plain.toString('utf8') }] : [];
    });
  }
}

const aad = (tenantId: string, kid: string) => `jwt-secret:${tenantId}:${kid}`;
