import { HttpStatus, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  type AcceptInvitationDto,
  type CreatedInvitationDto,
  type CreateInvitationDto,
  ErrorCode,
  INVITATION_TTL_DAYS,
  type InvitationDto,
  type InvitationPreviewDto,
  type MemberDto,
  type UpdateMemberDto,
} from '@central-tickets/contracts';
import type { AuthContext } from '../core/auth/auth-context';
import { Clock } from '../core/clock';
import { PasswordHasher } from '../core/crypto/password-hasher';
import { randomToken, sha256 } from '../core/crypto/tokens';
import { TenantDb } from '../core/database/tenant-db';
import { AppException } from '../core/errors/app.exception';
import type { RequestMeta } from '../core/http/request-meta';
import { TenantDirectory, type TenantProfile } from '../core/tenancy/tenant-directory';
import { SecurityEventsService } from '../security-events/security-events.service';
import { SessionsRepository } from '../sessions/sessions.repository';
import { type SessionAuth, SessionsService, type StartedSession } from '../sessions/sessions.service';
import { type MemberRow, UsersRepository } from '../users/users.repository';
import { type InvitationRow, type InvitationState, InvitationsRepository } from './invitations.repository';

const DAY_MS = 86_400_000;

/** Where the console takes an invitation link; the token is in the fragment, which browsers never send. */
export const INVITATION_PATH = '/invitation';

const toMemberDto = (m: MemberRow): MemberDto => ({
  id: m.id,
  email: m.email,
  name: m.name,
  role: m.role,
  active: m.is_active,
  last_login_at: m.last_login_at?.toISOString() ?? null,
  created_at: m.created_at.toISOString(),
});

const toInvitationDto = (i: InvitationRow): InvitationDto => ({
  id: i.id,
  email: i.email,
  name: i.name,
  role: i.role,
  invited_by: i.invited_by_id ? { id: i.invited_by_id, email: i.invited_by_email ?? '', name: i.invited_by_name ?? '' } : null,
  created_at: i.created_at.toISOString(),
  expires_at: i.expires_at.toISOString(),
});

/** Why an invitation cannot be used, in terms a person can act on (unknown or withdrawn, used, expired); null if it can. */
function unusable(invitation: InvitationState | null, now: Date): AppException | null {
  if (!invitation) {
    return new AppException(HttpStatus.UNAUTHORIZED, ErrorCode.TokenInvalid, 'This invitation link is not valid.', {
      details: 'It may have been withdrawn or replaced by a newer invitation: ask an admin for a new one.',
    });
  }
  if (invitation.accepted_at) {
    return new AppException(HttpStatus.UNAUTHORIZED, ErrorCode.TokenReplayed, 'This invitation has already been accepted.', {
      details: 'Sign in with the password chosen then.',
    });
  }
  if (invitation.expires_at.getTime() <= now.getTime()) {
    return new AppException(HttpStatus.UNAUTHORIZED, ErrorCode.TokenExpired, 'This invitation has expired.', {
      details: `Invitation links work for ${INVITATION_TTL_DAYS} days: ask an admin for a new one.`,
    });
  }
  return null;
}

const actingUser = (auth: AuthContext): string | null => (auth.actor.kind === 'user' ? auth.actor.id : null);

/**
 * The console's people: agents and admins, their roles and whether they may sign in, and the
 * invitations that bring new ones in (a link, shown once, that lets the person choose a
 * password). The tenant always keeps one active admin.
 */
@Injectable()
export class TeamService {
  constructor(
    private readonly db: TenantDb,
    private readonly users: UsersRepository,
    private readonly invitations: InvitationsRepository,
    private readonly sessionsRepo: SessionsRepository,
    private readonly sessions: SessionsService,
    private readonly passwords: PasswordHasher,
    private readonly directory: TenantDirectory,
    private readonly events: SecurityEventsService,
    private readonly clock: Clock,
  ) {}

  listMembers(auth: AuthContext): Promise<MemberDto[]> {
    return this.db.run(auth.tenantId, async (tx) => (await this.users.listMembers(tx)).map(toMemberDto));
  }

  /**
   * A role change or (de)activation. Nobody changes their own role or deactivates themselves
   * (another admin must), and the last active admin stays one. Deactivation ends the member's
   * sessions in the same transaction.
   */
  async updateMember(auth: AuthContext, id: string, dto: UpdateMemberDto, meta: RequestMeta): Promise<MemberDto> {
    return this.db.run(auth.tenantId, async (tx) => {
      const locked = await this.users.lockMember(tx, id);
      if (!locked) throw AppException.notFound('No such agent or admin.');
      const { member, activeAdminIds } = locked;
      const role = dto.role ?? member.role;
      const isActive = dto.active ?? member.is_active;
      if (role === member.role && isActive === member.is_active) return toMemberDto(member);
      if (id === actingUser(auth)) {
        throw AppException.conflict('You cannot change your own role or deactivate yourself.', 'Ask another admin to do it.');
      }
      const stillAdmin = role === 'admin' && isActive;
      if (activeAdminIds.includes(id) && !stillAdmin && activeAdminIds.length === 1) {
        throw AppException.conflict('This is the only active admin.', 'Make another member an admin first.');
      }
      const updated = await this.users.updateMember(tx, id, { role, isActive });
      const ended = isActive ? 0 : await this.sessionsRepo.deleteForUser(tx, id);
      const changes = [
        role !== member.role && `role ${member.role} → ${role}`,
        isActive !== member.is_active && (isActive ? 'reactivated' : `deactivated (${ended} session(s) ended)`),
      ].filter(Boolean);
      await this.events.recordIn(tx, meta, {
        kind: 'member_updated',
        userId: id,
        email: member.email,
        details: `${changes.join('; ')}${this.byWhom(auth)}.`,
      });
      return toMemberDto(updated);
    });
  }

  listInvitations(auth: AuthContext): Promise<InvitationDto[]> {
    return this.db.run(auth.tenantId, async (tx) => (await this.invitations.listOpen(tx)).map(toInvitationDto));
  }

  /**
   * Invites the address (a new person, or a requester who joins the staff); an open invitation
   * for it is replaced. The link is in this answer only: its token is stored as a hash.
   */
  async invite(auth: AuthContext, dto: CreateInvitationDto, meta: RequestMeta): Promise<CreatedInvitationDto> {
    const token = randomToken();
    const now = this.clock.now();
    const row = await this.db.run(auth.tenantId, async (tx) => {
      const existing = await this.users.findAnyByEmail(tx, dto.email);
      if (existing && existing.role !== 'requester') {
        throw existing.is_active
          ? AppException.conflict(`${dto.email} is already a member of this help desk.`, 'Change their role on the team page instead.')
          : AppException.conflict(`${dto.email} is a deactivated member.`, 'Reactivate them on the team page instead.');
      }
      const invitation = await this.invitations.insert(tx, {
        id: randomUUID(),
        email: dto.email,
        name: dto.name,
        role: dto.role,
        tokenHash: sha256(token),
        invitedBy: actingUser(auth),
        now,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * DAY_MS),
      });
      await this.events.recordIn(tx, meta, { kind: 'member_invited', email: dto.email, details: `Invited as ${dto.role}${this.byWhom(auth)}.` });
      return invitation;
    });
    const portal = this.directory.portalOrigin({ slug: auth.tenantSlug });
    return { ...toInvitationDto(row), url: `${portal}${INVITATION_PATH}#${token}` };
  }

  async revokeInvitation(auth: AuthContext, id: string): Promise<void> {
    const done = await this.db.run(auth.tenantId, (tx) => this.invitations.deleteOpen(tx, id));
    if (!done) throw AppException.notFound('No such open invitation.');
  }

  /** What the link is for, so the person sees which account they are about to set up. */
  async preview(tenant: TenantProfile, token: string): Promise<InvitationPreviewDto> {
    const invitation = await this.db.run(tenant.id, (tx) => this.invitations.findByToken(tx, sha256(token)));
    const refusal = unusable(invitation, this.clock.now());
    if (refusal || !invitation) throw refusal;
    return {
      email: invitation.email,
      name: invitation.name,
      role: invitation.role,
      tenant_name: tenant.name,
      expires_at: invitation.expires_at.toISOString(),
    };
  }

  /**
   * Spends the invitation (once), makes the person a member with the password they chose and
   * signs them in, all in one transaction. The hash is computed before it opens.
   */
  async accept(
    tenant: TenantProfile,
    dto: AcceptInvitationDto,
    meta: RequestMeta,
    previousId: string | null,
  ): Promise<{ session: StartedSession; auth: SessionAuth }> {
    const tokenHash = sha256(dto.token);
    const passwordHash = await this.passwords.hash(dto.password);
    const now = this.clock.now();
    return this.db.run(tenant.id, async (tx) => {
      const invitation = await this.invitations.accept(tx, tokenHash, now);
      if (!invitation) {
        throw unusable(await this.invitations.findByToken(tx, tokenHash), now) ?? AppException.conflict('This invitation cannot be accepted right now.', 'Try again.');
      }
      const user = await this.users.upsertMember(tx, { email: invitation.email, name: dto.name, role: invitation.role, passwordHash });
      await this.invitations.linkUser(tx, invitation.id, user.id);
      await this.events.recordIn(tx, meta, { kind: 'invitation_accepted', userId: user.id, email: user.email, details: `Joined as ${invitation.role}.` });
      return this.sessions.startPasswordSession(tx, tenant, user, meta, previousId);
    });
  }

  private byWhom(auth: AuthContext): string {
    return auth.actor.kind === 'user' ? ` by user ${auth.actor.id}` : ` with API token ${auth.actor.id}`;
  }
}
