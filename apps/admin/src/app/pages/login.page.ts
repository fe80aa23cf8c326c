import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { ApiError } from '../core/api';
import { Session } from '../core/session';

/** Agents and admins sign in with their password; requesters come in through their company's app. */
@Component({
  selector: 'ct-login-page',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card">
      <h1>Sign in</h1>
      <p class="hint">For agents and admins. Customers open the help desk from their company's app.</p>
      <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
        <label for="email">Email</label>
        <input id="email" type="email" formControlName="email" autocomplete="username" required
               [attr.aria-invalid]="form.controls.email.invalid && form.controls.email.touched" />
        <label for="password">Password</label>
        <input id="password" type="password" formControlName="password" autocomplete="current-password" required />
        @if (error(); as message) {
          <p class="error" role="alert">{{ message }}</p>
        }
        <button type="submit" class="primary" [disabled]="busy()">{{ busy() ? 'Signing in…' : 'Sign in' }}</button>
      </form>
    </section>
  `,
  styles: `
    .card { max-width: 24rem; margin: 3rem auto; }
    form { display: grid; gap: .5rem; }
    .hint { opacity: .8; }
  `,
})
export class LoginPage {
  /** Where to go once signed in (set by the guard that sent the person here). */
  readonly next = input<string>();
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = new FormGroup({
    email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });

  async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set('Enter your email address and your password.');
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const { email, password } = this.form.getRawValue();
      await this.session.login(email, password);
      const next = this.next();
      await this.router.navigateByUrl(next?.startsWith('/') && !next.startsWith('//') ? next : '/dashboard');
    } catch (err) {
      this.error.set(err instanceof ApiError ? err.message : 'Something went wrong. Try again.');
    } finally {
      this.busy.set(false);
    }
  }
}
