import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ApiTokenDto, ApiTokenScope, CreatedApiTokenDto, CreateApiTokenDto } from '@central-tickets/contracts';
import type { AuthContext } from '../core/auth/auth-context';
import { Clock } from '../core/clock';
import { sha256 } from '../core/crypto/tokens';
import { TenantDb, TenantTx } from '../core/database/tenant-db';
import { AppException } from '../core/errors/app.exception';
import { ApiToken } from './api-token.entity';
import { mintApiToken, tenantOfApiToken } from './api-token.codec';
import { ApiTokensRepository } from './api-tokens.repository';

/** `last_used_at` is kept to the minute: a token used constantly costs one write a minute. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function toApiTokenDto(token: ApiToken): ApiTokenDto {
  return {
    id: token.id,
    name: token.name,
    scopes: token.scopes,
    last_four: token.lastFour,
    created_at: token.createdAt.toISOString(),
    last_used_at: token.lastUsedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class ApiTokensService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: ApiTokensRepository,
    private readonly clock: Clock,
  ) {}

  /** The caller behind a raw token, or null for anything but an active token of ours. */
  async authenticate(raw: string): Promise<AuthContext | null> {
    const tenantId = tenantOfApiToken(raw);
    if (!tenantId) return null;
    return this.db.run(tenantId, async (tx) => {
      const token = await this.repo.findActiveByHash(tx, sha256(raw));
      if (!token) return null;
      const now = this.clock.now();
      if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
        await this.repo.touch(tx, token.id, now);
      }
      return {
        tenantId,
        tenantSlug: token.tenantSlug,
        scopes: token.scopes,
        actor: { kind: 'api_token', id: token.id },
      };
    });
  }

  /** Creates a token inside an open tenant transaction (sign-up uses this). */
  async issue(tx: TenantTx, name: string, scopes: ApiTokenScope[], secret?: Buffer): Promise<CreatedApiTokenDto> {
    const token = mintApiToken(tx.tenantId, secret);
    const saved = await this.repo.insert(tx, {
      id: randomUUID(),
      name,
      scopes: [...new Set(scopes)],
      tokenHash: sha256(token),
      lastFour: token.slice(-4),
    });
    return { ...toApiTokenDto(saved), token };
  }

  create(tenantId: string, dto: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    return this.db.run(tenantId, (tx) => this.issue(tx, dto.name, dto.scopes));
  }

  list(tenantId: string): Promise<ApiTokenDto[]> {
    return this.db.run(tenantId, async (tx) => (await this.repo.listActive(tx)).map(toApiTokenDto));
  }

  async revoke(tenantId: string, id: string): Promise<void> {
    const revoked = await this.db.run(tenantId, (tx) => this.repo.revoke(tx, id, this.clock.now()));
    if (!revoked) throw AppException.notFound('No such API token.');
  }
}
