import { Injectable } from '@nestjs/common';
import type { SignInMethod, UserRole } from '@central-tickets/contracts';
import { PlatformDb } from '../core/database/platform-db';
import type { TenantTx } from '../core/database/tenant-db';

export interface SessionRow {
  user_id: string;
  auth_method: SignInMethod;
  last_seen_at: Date;
  absolute_expires_at: Date;
  expires_at: Date;
  email: string;
  name: string;
  role: UserRole;
}

/** The only code that reads or writes `sessions` and `consumed_tokens`. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly platform: PlatformDb) {}

  async insert(
    tx: TenantTx,
    s: {
      idHash: Buffer;
      userId: string;
      method: SignInMethod;
      ip: string | null;
      userAgent: string | null;
      now: Date;
      absoluteExpiresAt: Date;
      expiresAt: Date;
    },
  ): Promise<void> {
    // Also records the user's last sign-in: one round trip for both.
    await tx.query(
      `WITH session AS (
         INSERT INTO sessions (tenant_id, id_hash, user_id, auth_method, ip, user_agent, created_at, last_seen_at, absolute_expires_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9))
       UPDATE users SET last_login_at = $7 WHERE tenant_id = $1 AND id = $3`,
      [tx.tenantId, s.idHash, s.userId, s.method, s.ip, s.userAgent, s.now, s.absoluteExpiresAt, s.expiresAt],
    );
  }

  /** The live session with this id hash and its (active) user. */
  async findLive(tx: TenantTx, idHash: Buffer, now: Date): Promise<SessionRow | null> {
    const [row] = await tx.query<SessionRow>(
      `SELECT s.user_id, s.auth_method, s.last_seen_at, s.absolute_expires_at, s.expires_at, u.email, u.name, u.role
         FROM sessions s
         JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
        WHERE s.tenant_id = $1 AND s.id_hash = $2 AND s.expires_at > $3 AND u.is_active`,
      [tx.tenantId, idHash, now],
    );
    return row ?? null;
  }

  async touch(tx: TenantTx, idHash: Buffer, now: Date, expiresAt: Date): Promise<void> {
    await tx.query(`UPDATE sessions SET last_seen_at = $3, expires_at = $4 WHERE tenant_id = $1 AND id_hash = $2`, [
      tx.tenantId,
      idHash,
      now,
      expiresAt,
    ]);
  }

  /** Ends every session of the user (when they are deactivated). */
  async deleteForUser(tx: TenantTx, userId: string): Promise<number> {
    const rows = await tx.query(`DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2 RETURNING 1`, [tx.tenantId, userId]);
    return rows.length;
  }

  async delete(tx: TenantTx, idHash: Buffer): Promise<boolean> {
    const rows = await tx.query(`DELETE FROM sessions WHERE tenant_id = $1 AND id_hash = $2 RETURNING 1`, [tx.tenantId, idHash]);
    return rows.length > 0;
  }

  /**
   * Spends a one-time token: true the first time, false ever after, on every instance (the
   * primary key decides, in one statement; nothing is read first).
   */
  async consume(tx: TenantTx, tokenId: string, expiresAt: Date, now: Date): Promise<boolean> {
    const rows = await tx.query(
      `INSERT INTO consumed_tokens (tenant_id, token_id, expires_at, consumed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [tx.tenantId, tokenId, expiresAt, now],
    );
    return rows.length > 0;
  }

  /**
   * Platform: deletes expired sessions and the ledger entries of tokens that can no longer be
   * presented (a housekeeping job across tenants, by the expiry indexes).
   */
  async purgeExpired(now: Date): Promise<{ sessions: number; tokens: number }> {
    const [s] = await this.platform.query<{ n: string }>(
      `WITH gone AS (DELETE FROM sessions WHERE expires_at <= $1 RETURNING 1) SELECT count(*) AS n FROM gone`,
      [now],
    );
    const [t] = await this.platform.query<{ n: string }>(
      `WITH gone AS (DELETE FROM consumed_tokens WHERE expires_at <= $1 RETURNING 1) SELECT count(*) AS n FROM gone`,
      [now],
    );
    return { sessions: Number(s?.n ?? 0), tokens: Number(t?.n ?? 0) };
  }
}
