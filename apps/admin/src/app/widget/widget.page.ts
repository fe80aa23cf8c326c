import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  inject,
  input,
  type OnDestroy,
  type OnInit,
  signal,
  viewChild,
  ViewEncapsulation,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import type { MeDto, TicketDto, WidgetSessionDto } from '@central-tickets/contracts';
import { TICKET_DESCRIPTION_MAX_LENGTH, TICKET_TITLE_MAX_LENGTH } from '@central-tickets/contracts/rules';
import { Api, ApiError } from '../core/api';
import { Session } from '../core/session';
import { findPeer, listenToPeer, postToPeer, type WidgetCommand, type WidgetPeer } from './widget-protocol';

type View = 'waiting' | 'signing-in' | 'ready' | 'signed-out' | 'refused' | 'blocked' | 'failed';

/**
 * The portal inside the support widget (`{portal}/widget?origin=…&mode=frame|popup`, opened by
 * `widget.js` on one of the tenant's sites): the person is signed in with the login token the
 * site's server signed (never an email), opens a ticket and sees their tickets. It talks to the
 * site by postMessage only (./widget-protocol.ts, docs/WIDGET.md).
 */
@Component({
  selector: 'ct-widget-page',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Unscoped, to hide the console's bar around this page: every rule is under ct-widget-page.
  encapsulation: ViewEncapsulation.None,
  template: `
    @switch (view()) {
      @case ('ready') {
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate aria-labelledby="widget-new">
          <h1 id="widget-new">New ticket</h1>
          <label for="widget-title">Title</label>
          <input #title id="widget-title" formControlName="title" [maxLength]="titleMax" required />
          <label for="widget-description">What happened?</label>
          <textarea id="widget-description" formControlName="description" rows="5" [maxLength]="descriptionMax" required></textarea>
          @if (error(); as message) { <p class="error" role="alert">{{ message }}</p> }
          <button type="submit" class="primary" [disabled]="busy()">{{ busy() ? 'Sending…' : 'Send' }}</button>
        </form>
        <h2>Your tickets</h2>
        @if (tickets().length) {
          <ul>
            @for (t of tickets(); track t.id) {
              <li>
                <a [href]="'/tickets/' + t.number" target="_blank" rel="noopener">#{{ t.number }} {{ t.title }}</a>
                <span class="badge" [attr.data-status]="t.status">{{ t.status }}</span>
              </li>
            }
          </ul>
        } @else {
          <p class="quiet">No tickets yet.</p>
        }
        <p class="quiet">Signed in as {{ session.me()?.user?.name }}</p>
      }
      @case ('signed-out') { <p>Sign in to the site to contact support.</p> }
      @case ('refused') { <p class="error" role="alert">This site may not show this help desk.</p> }
      @case ('blocked') {
        <p class="error" role="alert">Your browser keeps the help desk from signing you in inside this page. Open it in a new window instead.</p>
      }
      @case ('failed') { <p class="error" role="alert">{{ error() ?? 'Support could not sign you in. Close it and try again.' }}</p> }
      @default { <p>Signing you in…</p> }
    }
    <p class="visually-hidden" role="status">{{ announcement() }}</p>
  `,
  styles: `
    ct-widget-page { display: block; padding: .75rem 1rem 1rem; font-size: .95rem; }
    ct-widget-page h1, ct-widget-page h2 { font-size: 1.05rem; margin: .25rem 0 .5rem; }
    ct-widget-page h2 { margin-top: 1.25rem; }
    ct-widget-page form { display: grid; gap: .4rem; }
    ct-widget-page form button { justify-self: start; margin-top: .25rem; }
    ct-widget-page ul { list-style: none; margin: 0; padding: 0; display: grid; gap: .4rem; }
    ct-widget-page li { display: flex; justify-content: space-between; gap: .5rem; }
    ct-widget-page li a { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    ct-widget-page .badge { font-size: .8rem; padding: 0 .4rem; border-radius: .3rem; background: var(--soft); }
    ct-widget-page .quiet { opacity: .75; font-size: .85rem; }
  `,
  host: { '(document:keydown.escape)': 'closeByKey()' },
})
export class WidgetPage implements OnInit, OnDestroy {
  /** The embedding page's origin and how it shows this page (query parameters, bound by the router). */
  readonly origin = input<string>();
  readonly mode = input<string>();

  private readonly api = inject(Api);
  protected readonly session = inject(Session);
  protected readonly titleMax = TICKET_TITLE_MAX_LENGTH;
  protected readonly descriptionMax = TICKET_DESCRIPTION_MAX_LENGTH;
  protected readonly view = signal<View>('waiting');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly announcement = signal('');
  protected readonly tickets = signal<TicketDto[]>([]);
  protected readonly form = new FormGroup({
    title: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(TICKET_TITLE_MAX_LENGTH)] }),
    description: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(TICKET_DESCRIPTION_MAX_LENGTH)] }),
  });
  private readonly titleInput = viewChild<ElementRef<HTMLInputElement>>('title');
  private peer: WidgetPeer | null = null;
  private stopListening: (() => void) | null = null;
  /** Whether the host shows this page right now (its open and close commands). */
  private shown = false;
  /** Sign-ins are handled one at a time, the latest wins. */
  private signIns = 0;

  ngOnInit(): void {
    const peer = findPeer({ origin: this.origin(), mode: this.mode() }, window);
    if (typeof peer === 'string') {
      this.view.set('refused');
      return;
    }
    this.peer = peer;
    this.shown = peer.mode === 'popup';
    this.stopListening = listenToPeer(peer, window, (command) => this.onCommand(command));
    postToPeer(peer, { type: 'ready' });
  }

  ngOnDestroy(): void {
    this.stopListening?.();
  }

  private onCommand(command: WidgetCommand): void {
    switch (command.type) {
      case 'identify':
        void this.identify(command.token);
        break;
      case 'prefill':
        this.form.patchValue({
          ...(command.title !== undefined && { title: command.title }),
          ...(command.description !== undefined && { description: command.description }),
        });
        break;
      case 'open':
        this.shown = true;
        this.focusForm();
        if (this.view() === 'ready') void this.loadTickets();
        break;
      case 'close':
        this.shown = false;
        break;
      case 'logout':
        void this.signOut();
        break;
    }
  }

  private async identify(token: string | null): Promise<void> {
    const attempt = ++this.signIns;
    const peer = this.peer as WidgetPeer;
    if (token === null) {
      await this.signOut();
      return;
    }
    this.view.set('signing-in');
    this.error.set(null);
    try {
      const body: WidgetSessionDto = { token, origin: peer.origin, mode: peer.mode };
      await this.api.send<void>('POST', '/api/widget/session', body);
    } catch (err) {
      if (attempt !== this.signIns) return;
      const code = err instanceof ApiError ? (err.body?.code ?? 'SIGN_IN_FAILED') : 'SIGN_IN_FAILED';
      this.view.set(code === 'ORIGIN_NOT_ALLOWED' ? 'refused' : 'failed');
      this.error.set(err instanceof ApiError ? err.message : null);
      postToPeer(peer, { type: 'error', payload: { code, message: err instanceof Error ? err.message : '' } });
      return;
    }
    let me: MeDto;
    try {
      me = await this.api.me();
    } catch (err) {
      if (attempt !== this.signIns) return;
      // Signed in, yet the cookie did not come back: the browser keeps no cookie for this frame.
      const blocked = err instanceof ApiError && err.status === 401;
      this.view.set(blocked ? 'blocked' : 'failed');
      postToPeer(peer, { type: 'error', payload: { code: blocked ? 'SESSION_BLOCKED' : 'SIGN_IN_FAILED', message: err instanceof Error ? err.message : '' } });
      return;
    }
    if (attempt !== this.signIns) return;
    this.session.adopt(me);
    this.view.set('ready');
    postToPeer(peer, { type: 'authenticated', payload: { user: { email: me.user.email, name: me.user.name } } });
    this.focusForm();
    await this.loadTickets();
  }

  /** Ends this page's session (the host signed out, or says nobody is signed in). */
  private async signOut(): Promise<void> {
    this.signIns++;
    if (this.session.me()) {
      // A panel's session has a partitioned cookie of its own; a popup's is the portal's usual one.
      const end = this.peer?.mode === 'popup' ? this.api.logout() : this.api.send<void>('DELETE', '/api/widget/session');
      await end.catch(() => undefined);
    }
    this.session.me.set(null);
    this.tickets.set([]);
    this.form.reset();
    this.view.set('signed-out');
  }

  async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('Give the ticket a title and say what happened.');
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const ticket = await this.api.createTicket(this.form.getRawValue());
      this.form.reset();
      this.announcement.set(`Ticket #${ticket.number} sent.`);
      postToPeer(this.peer as WidgetPeer, {
        type: 'ticket:created',
        payload: { ticket: { id: ticket.id, number: ticket.number, title: ticket.title, status: ticket.status, url: `${location.origin}/tickets/${ticket.number}` } },
      });
      await this.loadTickets();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        // The session ended (expired, or signed out elsewhere): the host signs in again.
        this.view.set('waiting');
        postToPeer(this.peer as WidgetPeer, { type: 'error', payload: { code: 'UNAUTHENTICATED', message: err.message } });
        return;
      }
      const fields = err instanceof ApiError ? Object.values(err.body?.errors ?? {}).flat() : [];
      this.error.set(fields.length ? fields.join(' ') : err instanceof ApiError ? err.message : 'The ticket could not be sent. Try again.');
    } finally {
      this.busy.set(false);
    }
  }

  closeByKey(): void {
    if (!this.peer) return;
    postToPeer(this.peer, { type: 'closed' });
    if (this.peer.mode === 'popup') window.close();
  }

  private async loadTickets(): Promise<void> {
    try {
      this.tickets.set((await this.api.tickets(null, {}, 10)).data);
    } catch {
      // The list is a convenience: the form works without it.
    }
  }

  private focusForm(): void {
    if (!this.shown) return;
    // After the view shows the form.
    setTimeout(() => this.titleInput()?.nativeElement.focus());
  }
}
