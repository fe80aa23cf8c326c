import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, type OnInit, signal } from '@angular/core';
import type { CreatedInvitationDto, InvitationDto, MemberDto, UpdateMemberDto } from '@central-tickets/contracts';
import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, STAFF_ROLES, type StaffRole } from '@central-tickets/contracts/rules';
import { Api } from '../../core/api';
import { Session } from '../../core/session';
import { Actions } from './actions';
import { SettingsNav } from './settings-nav';
import { ShownOnce } from './shown-once';

/**
 * Agents and admins: invite (a link shown once, which the person follows to choose a
 * password), change roles, deactivate and reactivate. One's own row cannot be changed here.
 */
@Component({
  selector: 'ct-team-page',
  imports: [DatePipe, SettingsNav, ShownOnce],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Settings</h1>
    <ct-settings-nav />
    <h2>Team</h2>
    @if (actions.busy() === 'load') { <p role="status">Loading the team…</p> }
    <div class="scroll">
      <table>
        <caption class="visually-hidden">Agents and admins</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Last sign-in</th><th scope="col">Access</th></tr></thead>
        <tbody>
          @for (m of members(); track m.id) {
            <tr [class.inactive]="!m.active">
              <td>{{ m.name }} @if (m.id === myId()) { <span class="you">(you)</span> }</td>
              <td>{{ m.email }}</td>
              <td>
                <label class="visually-hidden" [attr.for]="'role-' + m.id">Role of {{ m.name }}</label>
                <select [id]="'role-' + m.id" (change)="changeRole(m, $any($event.target))" [disabled]="m.id === myId() || busy()">
                  @for (r of roles; track r) { <option [value]="r" [selected]="r === m.role">{{ r }}</option> }
                </select>
              </td>
              <td>{{ m.last_login_at ? (m.last_login_at | date: 'medium') : 'never' }}</td>
              <td>
                @if (m.id !== myId()) {
                  <button type="button" (click)="update(m, { active: !m.active })" [disabled]="busy()">{{ m.active ? 'Deactivate' : 'Reactivate' }}</button>
                } @else { active }
                @if (!m.active) { <span class="badge">deactivated</span> }
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
    @if (actions.messageOf('members'); as m) { <p [class.error]="m.error" [class.ok]="!m.error" role="status">{{ m.text }}</p> }

    <h3>Invite someone</h3>
    @if (created(); as c) {
      <ct-shown-once [label]="'Invitation link for ' + c.email" [value]="c.url" hint="send it to them now (it works once, for 7 days)." />
    }
    <form (submit)="$event.preventDefault(); invite($any($event.target))">
      <label>Email <input name="email" type="email" required [attr.maxlength]="emailMax" placeholder="grace@example.com" autocomplete="off" /></label>
      <label>Name <input name="name" required [attr.maxlength]="nameMax" placeholder="Grace Hopper" autocomplete="off" /></label>
      <label>Role
        <select name="role">@for (r of inviteRoles; track r) { <option [value]="r">{{ r }}</option> }</select>
      </label>
      <button type="submit" class="primary" [disabled]="busy()">Create invitation</button>
    </form>
    @if (actions.messageOf('invite'); as m) { <p [class.error]="m.error" [class.ok]="!m.error" role="status">{{ m.text }}</p> }

    <h3>Open invitations</h3>
    <ul class="invitations">
      @for (i of invitations(); track i.id) {
        <li>
          <span>{{ i.name }} &lt;{{ i.email }}&gt; as {{ i.role }} ·
            @if (isExpired(i)) { <strong class="error">expired</strong> } @else { works until {{ i.expires_at | date: 'medium' }} }
          </span>
          <button type="button" (click)="withdraw(i)" [disabled]="busy()">Withdraw</button>
        </li>
      } @empty { <li class="empty">None: every invitation was accepted or withdrawn.</li> }
    </ul>
  `,
  styles: `
    .scroll { overflow-x: auto; }
    table { width: 100%; border-collapse: collapse; }
    th, td { text-align: left; padding: .4rem; border-bottom: 1px solid var(--line); vertical-align: middle; }
    tr.inactive td { opacity: .65; }
    .you, .badge { font-size: .85em; opacity: .8; }
    .badge { margin-left: .5rem; padding: .05rem .4rem; border-radius: 1rem; background: var(--soft); }
    form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
    form label { display: grid; gap: .25rem; }
    .invitations { padding: 0; list-style: none; display: grid; gap: .5rem; }
    .invitations li { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; justify-content: space-between; max-width: 44rem; }
    .empty { opacity: .8; }
    .ok { color: #2e7d32; }
  `,
})
export class TeamPage implements OnInit {
  private readonly api = inject(Api);
  private readonly session = inject(Session);
  protected readonly actions = new Actions();
  protected readonly members = signal<MemberDto[]>([]);
  protected readonly invitations = signal<InvitationDto[]>([]);
  protected readonly created = signal<CreatedInvitationDto | null>(null);
  protected readonly roles = STAFF_ROLES;
  /** The least power first: the form's default, also after a reset. */
  protected readonly inviteRoles: readonly StaffRole[] = ['agent', 'admin'];
  protected readonly emailMax = EMAIL_MAX_LENGTH;
  protected readonly nameMax = NAME_MAX_LENGTH;
  protected readonly myId = () => this.session.me()?.user.id;
  protected readonly busy = () => this.actions.busy() !== null;

  ngOnInit(): void {
    void this.actions.run('load', async () => {
      const [members, invitations] = await Promise.all([
        this.api.get<MemberDto[]>('/api/tenant/members'),
        this.api.get<InvitationDto[]>('/api/tenant/invitations'),
      ]);
      this.members.set(members);
      this.invitations.set(invitations);
    });
  }

  async update(member: MemberDto, changes: UpdateMemberDto): Promise<void> {
    if (changes.active === false && !confirm(`Deactivate ${member.name}? They are signed out at once and can no longer sign in.`)) return;
    const done = changes.active === undefined ? `${member.name} is now ${changes.role as StaffRole}.` : `${member.name} is ${changes.active ? 'reactivated' : 'deactivated'}.`;
    await this.actions.run('members', async () => {
      const updated = await this.api.send<MemberDto>('PATCH', `/api/tenant/members/${member.id}`, changes);
      this.members.update((list) => list.map((m) => (m.id === updated.id ? updated : m)));
    }, done);
  }

  /** A refused change puts the select back to the role the member still has. */
  async changeRole(member: MemberDto, select: HTMLSelectElement): Promise<void> {
    await this.update(member, { role: select.value as StaffRole });
    if (this.actions.messageOf('members')?.error) select.value = member.role;
  }

  async invite(form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    await this.actions.run('invite', async () => {
      const created = await this.api.send<CreatedInvitationDto>('POST', '/api/tenant/invitations', {
        email: data.get('email'),
        name: data.get('name'),
        role: data.get('role'),
      });
      this.created.set(created);
      this.invitations.update((list) => [created, ...list.filter((i) => i.email !== created.email)]);
      form.reset();
    });
  }

  async withdraw(invitation: InvitationDto): Promise<void> {
    await this.actions.run('invite', async () => {
      await this.api.send('DELETE', `/api/tenant/invitations/${invitation.id}`);
      this.invitations.update((list) => list.filter((i) => i.id !== invitation.id));
      if (this.created()?.id === invitation.id) this.created.set(null);
    }, `The invitation for ${invitation.email} was withdrawn; its link no longer works.`);
  }

  protected isExpired(invitation: InvitationDto): boolean {
    return new Date(invitation.expires_at).getTime() <= Date.now();
  }
}
