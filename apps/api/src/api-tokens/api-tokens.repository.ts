import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import type { ApiTokenScope } from '@central-tickets/contracts';
import type { TenantTx } from '../core/database/tenant-db';
import { ApiToken } from './api-token.entity';

export interface TokenForAuth {
  id: string;
  scopes: ApiTokenScope[];
  lastUsedAt: Date | null;
  tenantSlug: string;
}

/** The only code that reads or writes `api_tokens`; every statement is scoped to `tx`'s tenant. */
@Injectable()
export class ApiTokensRepository {
  async findActiveByHash(tx: TenantTx, tokenHash: Buffer): Promise<TokenForAuth | null> {
    const rows: Array<{ id: string; scopes: ApiTokenScope[]; last_used_at: Date | null; slug: string }> =
      await tx.query(
        `SELECT a.id, a.scopes, a.last_used_at, t.slug
           FROM api_tokens a JOIN tenants t ON t.id = a.tenant_id
          WHERE a.tenant_id = $1 AND a.token_hash = $2 AND a.revoked_at IS NULL`,
        [tx.tenantId, tokenHash],
      );
    const row = rows[0];
    return row ? { id: row.id, scopes: row.scopes, lastUsedAt: row.last_used_at, tenantSlug: row.slug } : null;
  }

  listActive(tx: TenantTx): Promise<ApiToken[]> {
    return tx.em.find(ApiToken, {
      where: { tenantId: tx.tenantId, revokedAt: IsNull() },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
  }

  async insert(tx: TenantTx, token: Omit<ApiToken, 'tenantId' | 'createdAt' | 'lastUsedAt' | 'revokedAt'>): Promise<ApiToken> {
    await tx.em.insert(ApiToken, { ...token, tenantId: tx.tenantId });
    return tx.em.findOneByOrFail(ApiToken, { tenantId: tx.tenantId, id: token.id });
  }

  /** Marks the token revoked; false when the tenant has no such active token. */
  async revoke(tx: TenantTx, id: string, at: Date): Promise<boolean> {
    const result = await tx.em.update(
      ApiToken,
      { tenantId: tx.tenantId, id, revokedAt: IsNull() },
      { revokedAt: at },
    );
    return (result.affected ?? 0) > 0;
  }

  async touch(tx: TenantTx, id: string, at: Date): Promise<void> {
    await tx.em.update(ApiToken, { tenantId: tx.tenantId, id }, { lastUsedAt: at });
  }
}
