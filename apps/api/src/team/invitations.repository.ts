import { Injectable } from '@nestjs/common';
import type { StaffRole } from '@central-tickets/contracts';
import type { TenantTx } from '../core/database/tenant-db';

export interface InvitationRow {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  invited_by_id: string | null;
  invited_by_email: string | null;
  invited_by_name: string | null;
  created_at: Date;
  expires_at: Date;
}

/** An invitation as found by its token, whatever its state. */
export interface InvitationState {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  expires_at: Date;
  accepted_at: Date | null;
}

const WITH_INVITER = `SELECT i.id, i.email, i.name, i.role, i.created_at, i.expires_at,
         u.id AS invited_by_id, u.email AS invited_by_email, u.name AS invited_by_name
    FROM invitations i
    LEFT JOIN users u ON u.tenant_id = i.tenant_id AND u.id = i.invited_by`;

/** The only code that reads or writes `invitations`; every statement is scoped to `tx`'s tenant. */
@Injectable()
export class InvitationsRepository {
  /** Open invitations (not accepted; expired ones too, so the admin sees them lapse), newest first. */
  listOpen(tx: TenantTx): Promise<InvitationRow[]> {
    return tx.query(`${WITH_INVITER} WHERE i.tenant_id = $1 AND i.accepted_at IS NULL ORDER BY i.created_at DESC, i.id`, [tx.tenantId]);
  }

  /** A new invitation, replacing any open one for the same address (whose link stops working). */
  async insert(
    tx: TenantTx,
    invitation: { id: string; email: string; name: string; role: StaffRole; tokenHash: Buffer; invitedBy: string | null; now: Date; expiresAt: Date },
  ): Promise<InvitationRow> {
    await tx.query(`DELETE FROM invitations WHERE tenant_id = $1 AND lower(email) = lower($2) AND accepted_at IS NULL`, [
      tx.tenantId,
      invitation.email,
    ]);
    await tx.query(
      `INSERT INTO invitations (tenant_id, id, email, name, role, token_hash, invited_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [tx.tenantId, invitation.id, invitation.email, invitation.name, invitation.role, invitation.tokenHash, invitation.invitedBy, invitation.now, invitation.expiresAt],
    );
    const [row] = await tx.query<InvitationRow>(`${WITH_INVITER} WHERE i.tenant_id = $1 AND i.id = $2`, [tx.tenantId, invitation.id]);
    return row;
  }

  async deleteOpen(tx: TenantTx, id: string): Promise<boolean> {
    const rows = await tx.query(`DELETE FROM invitations WHERE tenant_id = $1 AND id = $2 AND accepted_at IS NULL RETURNING 1`, [tx.tenantId, id]);
    return rows.length > 0;
  }

  async findByToken(tx: TenantTx, tokenHash: Buffer): Promise<InvitationState | null> {
    const [row] = await tx.query<InvitationState>(
      `SELECT id, email, name, role, expires_at, accepted_at FROM invitations WHERE tenant_id = $1 AND token_hash = $2`,
      [tx.tenantId, tokenHash],
    );
    return row ?? null;
  }

  /** Spends the invitation: one atomic statement, so a link can be accepted only once. */
  async accept(tx: TenantTx, tokenHash: Buffer, now: Date): Promise<InvitationState | null> {
    const [row] = await tx.query<InvitationState>(
      `UPDATE invitations SET accepted_at = $3
        WHERE tenant_id = $1 AND token_hash = $2 AND accepted_at IS NULL AND expires_at > $3
        RETURNING id, email, name, role, expires_at, accepted_at`,
      [tx.tenantId, tokenHash, now],
    );
    return row ?? null;
  }

  async linkUser(tx: TenantTx, id: string, userId: string): Promise<void> {
    await tx.query(`UPDATE invitations SET user_id = $3 WHERE tenant_id = $1 AND id = $2`, [tx.tenantId, id, userId]);
  }
}
