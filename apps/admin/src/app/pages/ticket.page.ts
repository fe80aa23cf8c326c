import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { AgentDto, CategoryDto, TicketDto, TicketEventDto, TicketPageDto, TicketWithCommentsDto, UpdateTicketDto } from '@central-tickets/contracts';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '@central-tickets/contracts/rules';
import { Api, ApiError } from '../core/api';
import { Session } from '../core/session';

/**
 * A ticket and its conversation, oldest first. Internal notes (shown to staff only) look
 * different from replies; staff may write either, requesters reply.
 */
@Component({
  selector: 'ct-ticket-page',
  imports: [DatePipe, ReactiveFormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p><a routerLink="/dashboard">← All tickets</a></p>
    @if (error(); as message) {
      <p class="error" role="alert">{{ message }}</p>
    }
    @if (ticket(); as t) {
      <h1>#{{ t.number }} {{ t.title }}</h1>
      <p class="meta">
        <span class="badge">{{ t.status }}</span> · {{ t.priority }} priority
        @if (t.category) { · {{ t.category.name }} }
        @for (tag of t.tags; track tag) { <span class="tag">{{ tag }}</span> }
        @if (t.requester) { · requested by {{ t.requester.name }} }
        · opened <time [attr.datetime]="t.created_at">{{ t.created_at | date: 'medium' }}</time>
      </p>
      @if (session.isStaff()) {
        <div class="fields" role="group" aria-label="Ticket fields">
          <label>Status
            <select [value]="t.status" (change)="change({ status: $any($event.target).value })" [disabled]="saving()">
              @for (s of statuses; track s) { <option [value]="s" [selected]="s === t.status">{{ s }}</option> }
            </select>
          </label>
          <label>Priority
            <select [value]="t.priority" (change)="change({ priority: $any($event.target).value })" [disabled]="saving()">
              @for (p of priorities; track p) { <option [value]="p" [selected]="p === t.priority">{{ p }}</option> }
            </select>
          </label>
          <label>Assignee
            <select (change)="change({ assignee_id: $any($event.target).value || null })" [disabled]="saving()">
              <option value="" [selected]="!t.assignee">Unassigned</option>
              @for (a of agents(); track a.id) { <option [value]="a.id" [selected]="a.id === t.assignee?.id">{{ a.name }}</option> }
            </select>
          </label>
          <label>Category
            <select (change)="change({ category_id: $any($event.target).value || null })" [disabled]="saving()">
              <option value="" [selected]="!t.category">None</option>
              @for (c of categories(); track c.id) { <option [value]="c.id" [selected]="c.id === t.category?.id">{{ c.name }}</option> }
            </select>
          </label>
          <label>Tags
            <input [value]="t.tags.join(', ')" placeholder="vip, refund" [disabled]="saving()" aria-describedby="tags-hint"
                   (change)="change({ tags: tagsOf($any($event.target).value) })" />
          </label>
          <small id="tags-hint" class="visually-hidden">Separated by commas; saved when you leave the field or press Enter.</small>
          @if (saving()) { <span role="status">Saving…</span> }
        </div>
      }
      <article class="message">
        <p class="text">{{ t.description }}</p>
      </article>
      <h2>Conversation</h2>
      @for (c of t.comments; track c.id) {
        <article class="message" [class.note]="c.internal" [attr.aria-label]="c.internal ? 'Internal note' : 'Reply'">
          <header>
            <strong>{{ c.author.name }}</strong>
            @if (c.internal) { <span class="note-label">Internal note</span> }
            <time [attr.datetime]="c.created_at">{{ c.created_at | date: 'short' }}</time>
          </header>
          <p class="text">{{ c.body }}</p>
        </article>
      } @empty {
        <p class="empty">No replies yet.</p>
      }
      @if (session.isStaff()) {
        <details class="history" (toggle)="loadHistory()">
          <summary>History of changes</summary>
          <ol>
            @for (e of history(); track e.id) {
              <li><time [attr.datetime]="e.created_at">{{ e.created_at | date: 'short' }}</time> — {{ e.actor.name }} {{ describe(e) }}</li>
            } @empty { <li>Loading…</li> }
          </ol>
        </details>
        @if (otherTickets().length) {
          <aside aria-labelledby="others">
            <h2 id="others">{{ t.requester?.name }}'s other tickets</h2>
            <ul>
              @for (o of otherTickets(); track o.id) {
                <li><a [routerLink]="['/tickets', o.number]">#{{ o.number }} {{ o.title }}</a> ({{ o.status }})</li>
              }
            </ul>
          </aside>
        }
      }
      <form [formGroup]="composer" (ngSubmit)="send()" class="composer">
        <label for="reply">{{ session.isStaff() ? 'Reply or note' : 'Your reply' }}</label>
        <textarea id="reply" rows="4" formControlName="body"></textarea>
        @if (session.isStaff()) {
          <label class="check"><input type="checkbox" formControlName="internal" /> Internal note (only agents see it)</label>
        }
        <button type="submit" class="primary" [disabled]="sending()">{{ sending() ? 'Sending…' : 'Send' }}</button>
      </form>
    } @else if (!error()) {
      <p role="status">Loading the ticket…</p>
    }
  `,
  styles: `
    .meta { opacity: .85; }
    .badge { padding: .1rem .5rem; border-radius: 1rem; background: var(--soft); }
    .tag { margin-left: .35rem; padding: .05rem .45rem; border-radius: .3rem; border: 1px solid var(--line); font-size: .85em; }
    .message { border: 1px solid var(--line); border-radius: .4rem; padding: .75rem 1rem; margin: .75rem 0; }
    .message header { display: flex; gap: .75rem; align-items: baseline; }
    .message time { margin-left: auto; opacity: .7; font-size: .9em; }
    .note { background: rgba(255, 196, 0, .12); border-color: rgba(255, 196, 0, .6); border-style: dashed; }
    .note-label { font-size: .85em; font-weight: 600; }
    .text { white-space: pre-wrap; margin: .25rem 0 0; }
    .composer { display: grid; gap: .5rem; margin-top: 1.5rem; max-width: 40rem; }
    .check { font-weight: 400; }
    .empty { opacity: .8; }
    .fields { display: flex; flex-wrap: wrap; gap: 1rem; align-items: end; margin: 1rem 0; }
    .fields label { display: grid; gap: .25rem; }
    .history { margin: 1rem 0; }
  `,
})
export class TicketPage {
  /** The ticket's number (or id), from the route. */
  readonly id = input.required<string>();
  private readonly api = inject(Api);
  protected readonly session = inject(Session);
  protected readonly ticket = signal<TicketWithCommentsDto | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly sending = signal(false);
  protected readonly saving = signal(false);
  protected readonly agents = signal<AgentDto[]>([]);
  protected readonly categories = signal<CategoryDto[]>([]);
  protected readonly statuses = TICKET_STATUSES;
  protected readonly history = signal<TicketEventDto[]>([]);
  protected readonly otherTickets = signal<TicketDto[]>([]);
  protected readonly priorities = TICKET_PRIORITIES;
  protected readonly composer = new FormGroup({
    body: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    internal: new FormControl(false, { nonNullable: true }),
  });

  constructor() {
    effect(() => void this.load(this.id()));
    effect(() => {
      if (!this.session.isStaff()) return;
      void this.api.agents().then((list) => this.agents.set(list), () => this.agents.set([]));
      void this.api.get<CategoryDto[]>('/api/categories').then((list) => this.categories.set(list), () => this.categories.set([]));
    });
  }

  /** Saves one field at once (the select is the editor), and shows the ticket as the API answers it. */
  async change(changes: UpdateTicketDto): Promise<void> {
    const ticket = this.ticket();
    if (!ticket) return;
    this.saving.set(true);
    this.error.set(null);
    try {
      const updated = await this.api.updateTicket(String(ticket.number), changes);
      this.ticket.set({ ...ticket, ...updated, comments: ticket.comments });
      if (this.history().length) {
        this.history.set([]);
        void this.loadHistory();
      }
    } catch (err) {
      this.error.set(err instanceof ApiError ? err.message : 'The change could not be saved.');
    } finally {
      this.saving.set(false);
    }
  }

  /** "VIP, refund,, vip" → ["vip", "refund"]: the API trims and lower-cases them too. */
  protected tagsOf(text: string): string[] {
    return [...new Set(text.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))];
  }

  async loadHistory(): Promise<void> {
    const ticket = this.ticket();
    if (ticket && !this.history().length) this.history.set(await this.api.get<TicketEventDto[]>(`/api/tickets/${ticket.id}/history`).catch(() => []));
  }

  /** One line of the history, in words. */
  describe(event: TicketEventDto): string {
    if (event.action === 'created') return 'opened the ticket';
    if (event.action === 'commented') return event.changes['internal'] ? 'added an internal note' : 'replied';
    return `changed ${Object.entries(event.changes)
      .map(([field, change]) => {
        const { from, to } = change as { from: unknown; to: unknown };
        return field === 'description' ? 'the description' : `${field.replace(/_id$/, '').replace(/_/g, ' ')} from ${String(from ?? 'none')} to ${String(to ?? 'none')}`;
      })
      .join(', ')}`;
  }

  private async load(id: string): Promise<void> {
    this.error.set(null);
    this.history.set([]);
    this.otherTickets.set([]);
    try {
      const ticket = await this.api.ticket(id);
      this.ticket.set(ticket);
      if (this.session.isStaff() && ticket.requester) {
        void this.api
          .get<TicketPageDto>('/api/tickets', { requester_email: ticket.requester.email, limit: '10' })
          .then((page) => this.otherTickets.set(page.data.filter((o) => o.id !== ticket.id)), () => undefined);
      }
    } catch (err) {
      this.ticket.set(null);
      this.error.set(err instanceof ApiError && err.status === 404 ? 'This ticket does not exist, or is not yours.' : err instanceof Error ? err.message : 'The ticket could not be loaded.');
    }
  }

  async send(): Promise<void> {
    const ticket = this.ticket();
    const { body, internal } = this.composer.getRawValue();
    if (!ticket || !body.trim()) return;
    this.sending.set(true);
    this.error.set(null);
    try {
      const comment = await this.api.comment(String(ticket.number), { body, internal });
      this.ticket.set({ ...ticket, comments: [...ticket.comments, comment], comment_count: ticket.comment_count + 1 });
      this.composer.reset();
    } catch (err) {
      this.error.set(err instanceof ApiError ? err.message : 'The reply could not be sent. Try again.');
    } finally {
      this.sending.set(false);
    }
  }
}
