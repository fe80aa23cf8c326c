import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, type OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { TicketDto } from '@central-tickets/contracts';
import { Api, ApiError } from '../core/api';
import { Session } from '../core/session';

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
    @if (error(); as message) {
      <p class="error" role="alert">{{ message }} <button type="button" class="link" (click)="reload()">Try again</button></p>
    }
    @if (loading() && !tickets().length) {
      <p role="status">Loading tickets…</p>
    } @else if (!tickets().length && !error()) {
      <p class="empty">{{ emptyText() }}</p>
    } @else {
      <table>
        <caption class="visually-hidden">{{ heading() }}, newest first</caption>
        <thead>
          <tr><th scope="col">#</th><th scope="col">Title</th><th scope="col">Status</th><th scope="col">Priority</th>
            @if (session.isStaff()) { <th scope="col">Requester</th> }
            <th scope="col">Opened</th></tr>
        </thead>
        <tbody>
          @for (ticket of tickets(); track ticket.id) {
            <tr>
              <td>{{ ticket.number }}</td>
              <td><a [routerLink]="['/tickets', ticket.number]">{{ ticket.title }}</a></td>
              <td><span class="badge" [attr.data-status]="ticket.status">{{ ticket.status }}</span></td>
              <td>{{ ticket.priority }}</td>
              @if (session.isStaff()) { <td>{{ ticket.requester?.name ?? '—' }}</td> }
              <td><time [attr.datetime]="ticket.created_at">{{ ticket.created_at | date: 'medium' }}</time></td>
            </tr>
          }
        </tbody>
      </table>
      @if (nextCursor()) {
        <button type="button" (click)="more()" [disabled]="loading()">{{ loading() ? 'Loading…' : 'Show more' }}</button>
      }
    }
  `,
  styles: `
    table { width: 100%; border-collapse: collapse; }
    th, td { text-align: left; padding: .5rem; border-bottom: 1px solid var(--line); }
    .badge { padding: .1rem .5rem; border-radius: 1rem; background: var(--soft); }
    .empty { opacity: .8; }
    .head { display: flex; align-items: center; justify-content: space-between; gap: 1rem; }
  `,
})
export class TicketsPage implements OnInit {
  private readonly api = inject(Api);
  protected readonly session = inject(Session);
  protected readonly tickets = signal<TicketDto[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly heading = computed(() => (this.session.isStaff() ? 'Queue' : 'Your tickets'));
  protected readonly emptyText = computed(() =>
    this.session.isStaff() ? 'No tickets yet. New tickets appear here as they arrive.' : 'You have no tickets yet.',
  );

  ngOnInit(): void {
    void this.load(null);
  }

  reload(): Promise<void> {
    this.tickets.set([]);
    return this.load(null);
  }

  more(): Promise<void> {
    return this.load(this.nextCursor());
  }

  private async load(cursor: string | null): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await this.api.tickets(cursor);
      this.tickets.update((list) => [...list, ...page.data]);
      this.nextCursor.set(page.next_cursor);
    } catch (err) {
      this.error.set(err instanceof ApiError ? err.message : 'The tickets could not be loaded.');
    } finally {
      this.loading.set(false);
    }
  }
}
