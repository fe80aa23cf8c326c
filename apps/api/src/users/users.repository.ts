import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { StaffRole, UserRole } from '@central-tickets/contracts';
import type { TenantTx } from '../core/database/tenant-db';
import { User } from './user.entity';

export type NewUser = Pick<User, 'id' | 'email' | 'name' | 'role' | 'passwordHash' | 'externalId'>;

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: UserRole;
}

export interface IdentityRow extends UserRow {
  is_active: boolean;
}

/** An agent or admin, as the team page shows them. */
export interface MemberRow {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  is_active: boolean;
  last_login_at: Date | null;
  created_at: Date;
}

const MEMBER_COLUMNS = 'id, email, name, role, is_active, last_login_at, created_at';

/** The only code that reads or writes `users`; every statement is scoped to `tx`'s tenant. */
@Injectable()
export class UsersRepository {
  async insert(tx: TenantTx, user: NewUser): Promise<User> {
    await tx.em.insert(User, { ...user, tenantId: tx.tenantId });
    return tx.em.findOneByOrFail(User, { tenantId: tx.tenantId, id: user.id });
  }

  /** With its password hash, which ordinary reads leave out. */
  findByEmailWithPassword(tx: TenantTx, email: string): Promise<User | null> {
    return tx.em
      .createQueryBuilder(User, 'u')
      .addSelect('u.passwordHash')
      .where('u.tenant_id = :tenantId AND lower(u.email) = lower(:email)', { tenantId: tx.tenantId, email })
      .getOne();
  }

  async findByEmail(tx: TenantTx, email: string): Promise<UserRow | null> {
    const rows: UserRow[] = await tx.query(
      `SELECT id, email, name, role FROM users WHERE tenant_id = $1 AND lower(email) = lower($2) AND is_active`,
      [tx.tenantId, email],
    );
    return rows[0] ?? null;
  }

  /**
   * The user with this email, created as a requester when there is none (the name is used
   * only then). Safe when two requests bring the same new address at once: the loser of the
   * race reads the winner's row (in a statement of its own, whose snapshot can see it).
   */
  async findOrCreateRequester(tx: TenantTx, email: string, name: string): Promise<UserRow> {
    const rows: UserRow[] = await tx.query(
      `WITH created AS (
         INSERT INTO users (tenant_id, id, email, name, role)
         VALUES ($1, $2, $3, $4, 'requester')
         ON CONFLICT (tenant_id, lower(email)) DO NOTHING
         RETURNING id, email, name, role)
       SELECT * FROM created
       UNION ALL
       SELECT id, email, name, role FROM users WHERE tenant_id = $1 AND lower(email) = lower($3)
       LIMIT 1`,
      [tx.tenantId, randomUUID(), email, name],
    );
    if (rows[0]) return rows[0];
    const [winner]: UserRow[] = await tx.query(
      `SELECT id, email, name, role FROM users WHERE tenant_id = $1 AND lower(email) = lower($2)`,
      [tx.tenantId, email],
    );
    return winner;
  }

  /**
   * The identity rule of the sign-in flows (CONTRACT §2): with an external id, that is the
   * user's key in the tenant and the email follows it; without one, the lower-cased email is.
   * The user is created as a requester when new; the name (and, by external id, the email)
   * is brought up to date. Null when the email belongs to another external identity.
   */
  async upsertIdentity(
    tx: TenantTx,
    identity: { email: string; name: string; externalId: string | null },
  ): Promise<IdentityRow | null> {
    const { email, name, externalId } = identity;
    if (externalId === null) {
      const [row] = await tx.query<IdentityRow>(
        `INSERT INTO users (tenant_id, id, email, name, role)
         VALUES ($1, $2, $3, $4, 'requester')
         ON CONFLICT (tenant_id, lower(email)) DO UPDATE SET name = EXCLUDED.name, updated_at = now()
         RETURNING id, email, name, role, is_active`,
        [tx.tenantId, randomUUID(), email, name],
      );
      return row;
    }
    // By external id first; then adopt an account with this email and no external id yet;
    // then a new requester. A statement each: each sees what the one before it did.
    const values = [tx.tenantId, externalId, email, name];
    const [known] = await tx.query<IdentityRow>(
      `UPDATE users SET email = $3, name = $4, updated_at = now()
        WHERE tenant_id = $1 AND external_id = $2
        RETURNING id, email, name, role, is_active`,
      values,
    );
    if (known) return known;
    const [adopted] = await tx.query<IdentityRow>(
      `UPDATE users SET external_id = $2, name = $4, updated_at = now()
        WHERE tenant_id = $1 AND lower(email) = lower($3) AND external_id IS NULL
        RETURNING id, email, name, role, is_active`,
      values,
    );
    if (adopted) return adopted;
    const [created] = await tx.query<IdentityRow>(
      `INSERT INTO users (tenant_id, id, email, name, role, external_id)
       VALUES ($1, $5, $3, $4, 'requester', $2)
       ON CONFLICT DO NOTHING
       RETURNING id, email, name, role, is_active`,
      [...values, randomUUID()],
    );
    return created ?? null;
  }

  /** Active admins and agents: the people tickets can be assigned to. */
  listAgents(tx: TenantTx): Promise<UserRow[]> {
    return tx.query(
      `SELECT id, email, name, role FROM users
        WHERE tenant_id = $1 AND role IN ('admin', 'agent') AND is_active
        ORDER BY lower(name), id`,
      [tx.tenantId],
    );
  }

  async findAgent(tx: TenantTx, id: string): Promise<UserRow | null> {
    const rows: UserRow[] = await tx.query(
      `SELECT id, email, name, role FROM users
        WHERE tenant_id = $1 AND id = $2 AND role IN ('admin', 'agent') AND is_active`,
      [tx.tenantId, id],
    );
    return rows[0] ?? null;
  }

  /** Every agent and admin, deactivated ones included (after the active). */
  listMembers(tx: TenantTx): Promise<MemberRow[]> {
    return tx.query(
      `SELECT ${MEMBER_COLUMNS} FROM users
        WHERE tenant_id = $1 AND role IN ('admin', 'agent')
        ORDER BY is_active DESC, lower(name), id`,
      [tx.tenantId],
    );
  }

  /**
   * The member, locked until the transaction ends, with every active admin locked too: two
   * admins demoting each other at once are serialized, so the tenant never loses its last one.
   */
  async lockMember(tx: TenantTx, id: string): Promise<{ member: MemberRow; activeAdminIds: string[] } | null> {
    const admins = await tx.query<{ id: string }>(
      `SELECT id FROM users WHERE tenant_id = $1 AND role = 'admin' AND is_active ORDER BY id FOR UPDATE`,
      [tx.tenantId],
    );
    const [member] = await tx.query<MemberRow>(
      `SELECT ${MEMBER_COLUMNS} FROM users WHERE tenant_id = $1 AND id = $2 AND role IN ('admin', 'agent') FOR UPDATE`,
      [tx.tenantId, id],
    );
    return member ? { member, activeAdminIds: admins.map((a) => a.id) } : null;
  }

  async updateMember(tx: TenantTx, id: string, changes: { role: StaffRole; isActive: boolean }): Promise<MemberRow> {
    const [member] = await tx.query<MemberRow>(
      `UPDATE users SET role = $3, is_active = $4, updated_at = now()
        WHERE tenant_id = $1 AND id = $2
        RETURNING ${MEMBER_COLUMNS}`,
      [tx.tenantId, id, changes.role, changes.isActive],
    );
    return member;
  }

  /** Whoever has this address in the tenant, active or not, in any role. */
  async findAnyByEmail(tx: TenantTx, email: string): Promise<IdentityRow | null> {
    const [row] = await tx.query<IdentityRow>(
      `SELECT id, email, name, role, is_active FROM users WHERE tenant_id = $1 AND lower(email) = lower($2)`,
      [tx.tenantId, email],
    );
    return row ?? null;
  }

  /**
   * Makes the address a member with this role and password: a new user, or the existing one
   * (a requester who is now staff) brought up to date and active.
   */
  async upsertMember(
    tx: TenantTx,
    member: { email: string; name: string; role: StaffRole; passwordHash: string },
  ): Promise<UserRow> {
    const [row] = await tx.query<UserRow>(
      `INSERT INTO users (tenant_id, id, email, name, role, password_hash)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id, lower(email)) DO UPDATE
         SET name = EXCLUDED.name, role = EXCLUDED.role, password_hash = EXCLUDED.password_hash,
             is_active = true, updated_at = now()
       RETURNING id, email, name, role`,
      [tx.tenantId, randomUUID(), member.email, member.name, member.role, member.passwordHash],
    );
    return row;
  }
}
