import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ApiTokenDto, ApiTokenScope, CreatedApiTokenDto, CreateApiTokenDto } from '@central-tickets/contracts';
import type { AuthContext } from '../core/auth/auth-context';
import { InvalidationService } from '../core/cache/invalidation.service';
import { TtlCache } from '../core/cache/ttl-cache';
import { Clock } from '../core/clock';
import { sha256 } from '../core/crypto/tokens';
import { TenantDb, TenantTx } from '../core/database/tenant-db';
import { AppException } from '../core/errors/app.exception';
import { ApiToken } from './api-token.entity';
import { mintApiToken, tenantOfApiToken } from './api-token.codec';
import { ApiTokensRepository } from './api-tokens.repository';

/** `last_used_at` is kept to the minute: a token used constantly costs one write a minute. */
const LAST_USED_RESOLUTION_MS = 60_000;
/** How long an authenticated token is trusted without asking the database (revocation is immediate). */
const AUTH_CACHE_TTL_MS = 60_000;
const AUTH_CACHE_MAX_ENTRIES = 10_000;

interface CachedToken {
  auth: AuthContext;
  lastUsedAt: number | null;
}

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

/**
 * Tenant API tokens. Authentication is on every request, so a token once found is kept in
 * memory for a minute (keyed by its hash); revoking it drops it here at once and on every
 * other instance when the revocation commits (InvalidationService).
 */
@Injectable()
export class ApiTokensService {
  private readonly cache: TtlCache<string, CachedToken>;
  private readonly logger = new Logger(ApiTokensService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly repo: ApiTokensRepository,
    private readonly clock: Clock,
    private readonly invalidation: InvalidationService,
  ) {
    this.cache = new TtlCache(AUTH_CACHE_TTL_MS, AUTH_CACHE_MAX_ENTRIES, () => clock.now().getTime());
    invalidation.subscribe((message) => {
      if (message.kind === 'all') this.cache.clear();
      else if (message.kind === 'api_token') this.cache.deleteWhere((c) => c.auth.actor.id === message.id);
    });
  }

  /** The caller behind a raw token, or null for anything but an active token of ours. */
  async authenticate(raw: string): Promise<AuthContext | null> {
    const tenantId = tenantOfApiToken(raw);
    if (!tenantId) return null;
    const hash = sha256(raw);
    const key = hash.toString('base64');
    const now = this.clock.now().getTime();
    const cached = this.cache.get(key);
    if (cached) {
      if (this.dueForTouch(cached.lastUsedAt, now)) {
        cached.lastUsedAt = now;
        void this.db
          .run(tenantId, (tx) => this.repo.touch(tx, cached.auth.actor.id, new Date(now)))
          .catch((err: unknown) => this.logger.warn({ err }, 'could not record the token\'s last use'));
      }
      return cached.auth;
    }
    return this.db.run(tenantId, async (tx) => {
      const token = await this.repo.findActiveByHash(tx, hash);
      if (!token) return null;
      let lastUsedAt = token.lastUsedAt?.getTime() ?? null;
      if (this.dueForTouch(lastUsedAt, now)) {
        await this.repo.touch(tx, token.id, new Date(now));
        lastUsedAt = now;
      }
      const auth: AuthContext = {
        tenantId,
        tenantSlug: token.tenantSlug,
        scopes: token.scopes,
        actor: { kind: 'api_token', id: token.id },
      };
      this.cache.set(key, { auth, lastUsedAt });
      return auth;
    });
  }

  private dueForTouch(lastUsedAt: number | null, now: number): boolean {
    return lastUsedAt === null || now - lastUsedAt >= LAST_USED_RESOLUTION_MS;
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
    const revoked = await this.db.run(tenantId, async (tx) => {
      const done = await this.repo.revoke(tx, id, this.clock.now());
      if (done) await this.invalidation.publish(tx.em, { kind: 'api_token', tenantId, id });
      return done;
    });
    if (!revoked) throw AppException.notFound('No such API token.');
  }
}
