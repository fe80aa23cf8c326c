import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import type { TicketDto } from '@central-tickets/contracts';
import { Api, ApiError } from '../core/api';
import { Session } from '../core/session';

/** The queue's saved views: each is a set of filters of the tickets list. */
const VIEWS = [
  { id: 'open', label: 'Open', filters: () => ({ status: 'open,pending' }) },
  { id: 'mine', label: 'My open tickets', filters: (me: string) => ({ status: 'open,pending', assignee_id: me }) },
  { id: 'unassigned', label: 'Unassigned', filters: () => ({ status: 'open,pending', assignee_id: 'none' }) },
  { id: 'urgent', label: 'Urgent', filters: () => ({ status: 'open,pending', priority: 'urgent' }) },
  { id: 'all', label: 'All', filters: () => ({}) },
] as const;

/**
 * The tickets of the signed-in person: the tenant's queue for agents and admins, their own
 * tickets for requesters. Newest first, a page at a time.
 */
@Component({
  selector: 'ct-tickets-page',
  imports: [DatePipe, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="head">
      <h1>{{ heading() }}</h1>
      @if (!session.isStaff()) {
        <a class="button primary" routerLink="/tickets/new">New ticket</a>
      }
    </div>
    @if (session.isStaff()) {
      <nav class="views" aria-label="Saved views">
        @for (v of views; track v.id) {
          <a [routerLink]="[]" [queryParams]="{ view: v.id, q: null }" [attr.aria-current]="v.id === currentView() ? 'page' : null">{{ v.label }}</a>
        }
      </nav>
    }
    <form class="search" role="search" (submit)="search($event, query.value)">
      <label for="q" class="visually-hidden">Search tickets</label>
      <input id="q" #query type="search" placeholder="Search tickets" [value]="q() ?? ''" />
      <button type="submit">Search</button>
    </form>
    @if (error(); as message) {
      <p class="error" role="alert">{{ message }} <button type="button" class="link" (click)="reload()">Try again</button></p>
    }
    @if (loading() && !tickets().length) {
      <p role="status">Loading tickets…</p>
    } @else if (!tickets().length && !error()) {
      <p class="empty">{{ emptyText() }}</p>
    } @else {
      <div class="scroll">
      <table>
        <caption class="visually-hidden">{{ heading() }}, newest first</caption>
        <thead>
          <tr><th scope="col">#</th><th scope="col">Title</th><th scope="col">Status</th><th scope="col">Priority</th>
            <th scope="col" class="wide">Category</th>
            @if (session.isStaff()) { <th scope="col" class="wide">Requester</th><th scope="col" class="wide">Assignee</th> }
            <th scope="col" class="wide">Opened</th></tr>
        </thead>
        <tbody>
          @for (ticket of tickets(); track ticket.id; let i = $index) {
            <tr tabindex="0" [class.current]="i === cursorRow()" (focus)="cursorRow.set(i)" (keydown)="onKey($event, i)" [attr.data-number]="ticket.number">
              <td>{{ ticket.number }}</td>
              <td><a [routerLink]="['/tickets', ticket.number]">{{ ticket.title }}</a></td>
              <td><span class="badge" [attr.data-status]="ticket.status">{{ ticket.status }}</span></td>
              <td>{{ ticket.priority }}</td>
              <td class="wide">{{ ticket.category?.name ?? '—' }}</td>
              @if (session.isStaff()) {
                <td class="wide">{{ ticket.requester?.name ?? '—' }}</td>
                <td class="wide">{{ ticket.assignee?.name ?? 'unassigned' }}</td>
              }
              <td class="wide"><time [attr.datetime]="ticket.created_at" [title]="ticket.created_at | date: 'medium'">{{ ticket.created_at | date: 'short' }}</time></td>
            </tr>
          }
        </tbody>
      </table>
      </div>
      @if (nextCursor()) {
        <button type="button" (click)="more()" [disabled]="loading()">{{ loading() ? 'Loading…' : 'Show more' }}</button>
      }
    }
  `,
  styles: `
    .scroll { overflow-x: auto; }
    table { width: 100%; border-collapse: collapse; }
    /* On a phone: number, title, status and priority; the rest is on the ticket's page. */
    @media (max-width: 40rem) { .wide { display: none; } }
    th, td { text-align: left; padding: .5rem; border-bottom: 1px solid var(--line); }
    .badge { padding: .1rem .5rem; border-radius: 1rem; background: var(--soft); }
    .empty { opacity: .8; }
    .head { display: flex; align-items: center; justify-content: space-between; gap: 1rem; }
    .views { display: flex; flex-wrap: wrap; gap: .25rem; margin-bottom: .75rem; }
    .views a { padding: .3rem .75rem; border-radius: 1rem; text-decoration: none; color: inherit; border: 1px solid var(--line); }
    .views a[aria-current='page'] { background: var(--accent); color: #fff; border-color: var(--accent); }
    .search { display: flex; gap: .5rem; margin-bottom: 1rem; max-width: 32rem; }
    .search input { flex: 1; }
    tr.current, tr:focus { outline: 2px solid var(--accent); outline-offset: -2px; }
  `,
})
export class TicketsPage {
  /** The saved view and the search, from the URL (`?view=mine&q=…`). */
  readonly view = input<string>();
  readonly q = input<string>();
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  protected readonly views = VIEWS;
  protected readonly currentView = computed(() => (VIEWS.some((v) => v.id === this.view()) ? this.view() : 'open'));
  protected readonly cursorRow = signal(0);
  protected readonly session = inject(Session);
  protected readonly tickets = signal<TicketDto[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly heading = computed(() => (this.session.isStaff() ? 'Queue' : 'Your tickets'));
  protected readonly emptyText = computed(() =>
    this.session.isStaff() ? 'No tickets yet. New tickets appear here as they arrive.' : 'You have no tickets yet.',
  );

  constructor() {
    // The view or the search changed: start over from the first page.
    effect(() => {
      this.view();
      this.q();
      void untracked(() => this.reload());
    });
  }

  reload(): Promise<void> {
    this.tickets.set([]);
    this.nextCursor.set(null);
    return this.load(null);
  }

  search(event: Event, q: string): void {
    event.preventDefault();
    void this.router.navigate([], { queryParams: { q: q.trim() || null }, queryParamsHandling: 'merge' });
  }

  /** j/k or the arrows move between tickets, Enter opens one. */
  onKey(event: KeyboardEvent, index: number): void {
    const rows = (event.currentTarget as HTMLElement).parentElement?.children;
    const move = (to: number) => {
      event.preventDefault();
      (rows?.item(Math.max(0, Math.min(to, (rows?.length ?? 1) - 1))) as HTMLElement | null)?.focus();
    };
    if (event.key === 'j' || event.key === 'ArrowDown') move(index + 1);
    else if (event.key === 'k' || event.key === 'ArrowUp') move(index - 1);
    else if (event.key === 'Enter') void this.router.navigate(['/tickets', this.tickets()[index]?.number]);
  }

  private filters(): Record<string, string> {
    const q = this.q()?.trim();
    const me = this.session.me()?.user.id ?? '';
    const base = this.session.isStaff() ? (VIEWS.find((v) => v.id === this.currentView())?.filters(me) ?? {}) : {};
    return q ? { ...base, q } : base;
  }

  more(): Promise<void> {
    return this.load(this.nextCursor());
  }

  private async load(cursor: string | null): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await this.api.tickets(cursor, this.filters());
      this.tickets.update((list) => [...list, ...page.data]);
      this.nextCursor.set(page.next_cursor);
    } catch (err) {
      this.error.set(err instanceof ApiError ? err.message : 'The tickets could not be loaded.');
    } finally {
      this.loading.set(false);
    }
  }
}
