import { Injectable } from '@nestjs/common';
import { IsNull, MoreThan } from 'typeorm';
import type { TenantTx } from '../core/database/tenant-db';
import { JwtSecret } from './jwt-secret.entity';

/** The only code that reads or writes `jwt_secrets`; every statement is scoped to `tx`'s tenant. */
@Injectable()
export class JwtSecretsRepository {
  findCurrent(tx: TenantTx): Promise<JwtSecret | null> {
    return tx.em.findOneBy(JwtSecret, { tenantId: tx.tenantId, validUntil: IsNull() });
  }

  async insert(tx: TenantTx, secret: Pick<JwtSecret, 'kid' | 'secretCiphertext'>): Promise<void> {
    await tx.em.insert(JwtSecret, { ...secret, tenantId: tx.tenantId, validUntil: null });
  }

  async retire(tx: TenantTx, kid: string, validUntil: Date): Promise<void> {
    await tx.em.update(JwtSecret, { tenantId: tx.tenantId, kid }, { validUntil });
  }

  /** Forgets retired secrets: all of them but `keepKid`, and any whose grace has ended. */
  async purgeRetired(tx: TenantTx, keepKid: string | null, now: Date): Promise<void> {
    await tx.query(
      `DELETE FROM jwt_secrets
        WHERE tenant_id = $1 AND valid_until IS NOT NULL
          AND (kid IS DISTINCT FROM $2 OR valid_until <= $3)`,
      [tx.tenantId, keepKid, now],
    );
  }

  /** Secrets that verify signatures at `now`: the current one and one still in its grace period. */
  listValid(tx: TenantTx, now: Date): Promise<JwtSecret[]> {
    return tx.em.find(JwtSecret, {
      where: [
        { tenantId: tx.tenantId, validUntil: IsNull() },
        { tenantId: tx.tenantId, validUntil: MoreThan(now) },
      ],
      order: { createdAt: 'DESC' },
    });
  }
}
