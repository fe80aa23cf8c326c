import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import type { RotatedJwtSecretDto } from '@central-tickets/contracts';
import { Clock } from '../core/clock';
import { SECRETS_AT_REST } from '../core/crypto/crypto.module';
import { SecretBox } from '../core/crypto/secret-box';
import { randomToken } from '../core/crypto/tokens';
import { InvalidationService } from '../core/cache/invalidation.service';
import { TtlCache } from '../core/cache/ttl-cache';
import { TenantDb, TenantTx } from '../core/database/tenant-db';
import type { RequestMeta } from '../core/http/request-meta';
import { SecurityEventsService } from '../security-events/security-events.service';
import { JwtSecretsRepository } from './jwt-secrets.repository';
import { TenantsRepository } from './tenants.repository';

export interface PlainJwtSecret {
  kid: string;
  secret: string;
}

/** A secret that verifies login JWTs until `validUntil` (null: the current one). */
export interface VerificationKey extends PlainJwtSecret {
  validUntil: Date | null;
  /** The secret's bytes as a key object (jsonwebtoken would otherwise try to parse it as a PEM key on every call). */
  key: KeyObject;
}

/** Who rotated, for the security log (the operator CLI has no request). */
const NO_REQUEST: RequestMeta = { ip: null, userAgent: null, origin: null, correlationId: null };

/**
 * The tenant's JWT signing secrets: 256 random bits each, encrypted at rest (bound to tenant
 * and key id), rotated with a grace period for the previous one.
 */
@Injectable()
export class JwtSecretsService {
  /** Decrypted keys per tenant, for a minute; a rotation drops them on every instance. */
  private readonly keys = new TtlCache<string, VerificationKey[]>(60_000, 10_000);

  constructor(
    private readonly db: TenantDb,
    private readonly repo: JwtSecretsRepository,
    private readonly tenants: TenantsRepository,
    private readonly clock: Clock,
    @Inject(SECRETS_AT_REST) private readonly box: SecretBox,
    private readonly invalidation: InvalidationService,
    private readonly events: SecurityEventsService,
  ) {
    invalidation.subscribe((message) => {
      if (message.kind === 'all') this.keys.clear();
      else if (message.kind === 'tenant') this.keys.deleteWhere((_v, key) => key === message.tenantId);
    });
  }

  /** Makes and stores a new current secret; the caller retires the old one first. */
  async create(tx: TenantTx, secret = randomToken(32)): Promise<PlainJwtSecret> {
    const kid = `k_${randomBytes(6).toString('hex')}`;
    await this.repo.insert(tx, { kid, secretCiphertext: this.box.seal(secret, aad(tx.tenantId, kid)) });
    return { kid, secret };
  }

  async rotate(tenantId: string, meta: RequestMeta = NO_REQUEST): Promise<RotatedJwtSecretDto> {
    const rotated = await this.db.run(tenantId, async (tx) => {
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
      await this.invalidation.publish(tx.em, { kind: 'tenant', tenantId });
      return {
        jwt_secret: created.secret,
        kid: created.kid,
        previous_kid: current?.kid ?? null,
        previous_valid_until:
          previousValidUntil !== null && previousValidUntil > now ? previousValidUntil.toISOString() : null,
      };
    });
    await this.events.record(tenantId, meta, {
      kind: 'jwt_secret_rotated',
      details: `New key ${rotated.kid}${rotated.previous_kid ? `; ${rotated.previous_kid} accepted until ${rotated.previous_valid_until ?? 'now (no grace period)'}` : ''}.`,
    });
    return rotated;
  }

  /** The keys that verify login JWTs now, current first (cached; expiry checked on every call). */
  async verificationKeys(tenantId: string): Promise<VerificationKey[]> {
    let keys = this.keys.get(tenantId);
    if (!keys) {
      keys = await this.db.run(tenantId, (tx) => this.validKeys(tx));
      keys.sort((a, b) => Number(a.validUntil !== null) - Number(b.validUntil !== null));
      this.keys.set(tenantId, keys);
    }
    const now = this.clock.now().getTime();
    return keys.filter((k) => k.validUntil === null || k.validUntil.getTime() > now);
  }

  /** The secrets that verify login JWTs now, newest first, decrypted. */
  async validSecrets(tx: TenantTx): Promise<PlainJwtSecret[]> {
    return (await this.validKeys(tx)).map(({ kid, secret }) => ({ kid, secret }));
  }

  private async validKeys(tx: TenantTx): Promise<VerificationKey[]> {
    const rows = await this.repo.listValid(tx, this.clock.now());
    return rows.flatMap((row) => {
      const plain = this.box.open(row.secretCiphertext, aad(tx.tenantId, row.kid));
      return plain ? [{ kid: row.kid, secret: plain.toString('utf8'), validUntil: row.validUntil, key: createSecretKey(plain) }] : [];
    });
  }
}

const aad = (tenantId: string, kid: string) => `jwt-secret:${tenantId}:${kid}`;
