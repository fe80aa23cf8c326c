import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, type OnInit, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import type { InvitationPreviewDto, MeDto } from '@central-tickets/contracts';
import { NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@central-tickets/contracts/rules';
import { Api, ApiError } from '../core/api';
import { Session } from '../core/session';

/**
 * Where an invitation link lands (`/invitation#token`): what the link is for, then the
 * person's name and chosen password. The token stays in the fragment, which browsers never
 * send to a server or put in a `Referer`; it is taken out of the address bar at once.
 */
@Component({
  selector: 'ct-invitation-page',
  imports: [DatePipe, ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card">
      <h1>Join the help desk</h1>
      @if (invitation(); as i) {
        <p>You are invited to <strong>{{ i.tenant_name }}</strong> as {{ i.role === 'admin' ? 'an admin' : 'an agent' }}, with the address <strong>{{ i.email }}</strong>.
          Choose your password to finish (this link works until {{ i.expires_at | date: 'medium' }}).</p>
        <form [formGroup]="form" (ngSubmit)="accept()" novalidate>
          <label for="name">Your name</label>
          <input id="name" formControlName="name" autocomplete="name" required [attr.maxlength]="nameMax" />
          <input type="email" [value]="i.email" autocomplete="username" hidden readonly aria-hidden="true" />
          <label for="password">Password ({{ minLength }} characters or more)</label>
          <input id="password" type="password" formControlName="password" autocomplete="new-password" required [attr.maxlength]="maxLength"
                 [attr.aria-invalid]="form.controls.password.invalid && form.controls.password.touched" aria-describedby="password-hint" />
          <small id="password-hint">A passphrase of a few words is easy to remember and hard to guess.</small>
          <label for="confirm">The same password again</label>
          <input id="confirm" type="password" formControlName="confirm" autocomplete="new-password" required />
          @if (error(); as message) { <p class="error" role="alert">{{ message }}</p> }
          <button type="submit" class="primary" [disabled]="busy()">{{ busy() ? 'Joining…' : 'Join' }}</button>
        </form>
      } @else if (error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
        <p>{{ advice() }}</p>
      } @else {
        <p role="status">Checking the invitation…</p>
      }
    </section>
  `,
  styles: `
    .card { max-width: 28rem; margin: 3rem auto; }
    form { display: grid; gap: .5rem; }
    small { opacity: .8; }
  `,
})
export class InvitationPage implements OnInit {
  private readonly api = inject(Api);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private token = '';
  protected readonly invitation = signal<InvitationPreviewDto | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly advice = signal('');
  protected readonly busy = signal(false);
  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly maxLength = PASSWORD_MAX_LENGTH;
  protected readonly nameMax = NAME_MAX_LENGTH;
  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)] }),
    confirm: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });

  ngOnInit(): void {
    void this.check();
  }

  private async check(): Promise<void> {
    this.token = location.hash.slice(1);
    history.replaceState(history.state, '', location.pathname);
    if (!this.token) {
      this.fail('This address is missing the invitation\'s code.', 'Open the whole link you were sent.');
      return;
    }
    try {
      const invitation = await this.api.send<InvitationPreviewDto>('POST', '/api/auth/invitation', { token: this.token });
      this.form.controls.name.setValue(invitation.name);
      this.invitation.set(invitation);
    } catch (err) {
      this.fail(err instanceof ApiError ? err.message : 'The invitation could not be checked. Try again.', err instanceof ApiError ? (err.body?.details ?? '') : '');
    }
  }

  async accept(): Promise<void> {
    const { name, password, confirm } = this.form.getRawValue();
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set(`Enter your name and a password of at least ${PASSWORD_MIN_LENGTH} characters.`);
      return;
    }
    if (password !== confirm) {
      this.error.set('The two passwords differ.');
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const me = await this.api.send<MeDto>('POST', '/api/auth/invitation/accept', { token: this.token, name, password });
      this.session.adopt(me);
      await this.router.navigateByUrl('/dashboard');
    } catch (err) {
      const fields = err instanceof ApiError ? Object.values(err.body?.errors ?? {}).flat() : [];
      this.error.set(fields.length ? fields.join(' ') : err instanceof ApiError ? err.message : 'Something went wrong. Try again.');
      if (err instanceof ApiError && err.status === 401) {
        this.advice.set(err.body?.details ?? '');
        this.invitation.set(null);
      }
    } finally {
      this.busy.set(false);
    }
  }

  private fail(message: string, advice: string): void {
    this.error.set(message);
    this.advice.set(advice);
  }
}
