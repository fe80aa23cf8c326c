import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import type { SignupDto, SignupResponseDto } from '@central-tickets/contracts';
import { PASSWORD_MIN_LENGTH, SLUG_MAX_LENGTH, SLUG_MIN_LENGTH, SLUG_PATTERN } from '@central-tickets/contracts/rules';
import { Api, ApiError } from '../core/api';
import { ShownOnce } from './settings/shown-once';

type Field = keyof SignupDto;

/** A slug from a company name: "Acme Inc." → "acme-inc". */
const slugOf = (name: string) =>
  name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, SLUG_MAX_LENGTH).replace(/-+$/, '');

/**
 * Sign-up, on the platform host (the only console page there): the company, its portal's
 * slug and the first admin. The answer's API token and JWT secret are shown once, then the
 * admin goes to the new portal to sign in.
 */
@Component({
  selector: 'ct-signup-page',
  imports: [ReactiveFormsModule, ShownOnce],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card">
      @if (created(); as c) {
        <h1>{{ c.tenant.name }} is ready</h1>
        <p>Your help desk is at <a [href]="c.portal_url + '/login'">{{ c.portal_url }}</a>. Keep these two secrets before you go: they are not shown again.</p>
        <ct-shown-once label="API token (every scope)" [value]="c.api_token" />
        <ct-shown-once label="JWT secret (signs your users' login tokens)" [value]="c.jwt_secret" />
        <a class="button primary" [href]="c.portal_url + '/login'">Go to my help desk and sign in</a>
      } @else {
        <h1>Create your help desk</h1>
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <label for="tenant_name">Company name</label>
          <input id="tenant_name" formControlName="tenant_name" autocomplete="organization" required (input)="suggestSlug()" [attr.aria-invalid]="!!errorOf('tenant_name')" />
          @if (errorOf('tenant_name'); as e) { <small class="error">{{ e }}</small> }
          <label for="tenant_slug">Portal address</label>
          <span class="slug"><input id="tenant_slug" formControlName="tenant_slug" required [attr.minlength]="slugMin" [attr.maxlength]="slugMax" (input)="slugEdited = true"
                 aria-describedby="slug-hint" [attr.aria-invalid]="!!errorOf('tenant_slug')" /></span>
          <small id="slug-hint">Lower-case letters, digits and hyphens: your portal will be at <strong>{{ form.controls.tenant_slug.value || 'your-slug' }}.{{ baseDomain }}</strong>.</small>
          @if (errorOf('tenant_slug'); as e) { <small class="error">{{ e }}</small> }
          <label for="admin_name">Your name</label>
          <input id="admin_name" formControlName="admin_name" autocomplete="name" required [attr.aria-invalid]="!!errorOf('admin_name')" />
          @if (errorOf('admin_name'); as e) { <small class="error">{{ e }}</small> }
          <label for="admin_email">Your email</label>
          <input id="admin_email" type="email" formControlName="admin_email" autocomplete="username" required [attr.aria-invalid]="!!errorOf('admin_email')" />
          @if (errorOf('admin_email'); as e) { <small class="error">{{ e }}</small> }
          <label for="admin_password">Password ({{ passwordMin }} characters or more)</label>
          <input id="admin_password" type="password" formControlName="admin_password" autocomplete="new-password" required [attr.aria-invalid]="!!errorOf('admin_password')" />
          @if (errorOf('admin_password'); as e) { <small class="error">{{ e }}</small> }
          @if (error(); as message) { <p class="error" role="alert">{{ message }}</p> }
          <button type="submit" class="primary" [disabled]="busy()">{{ busy() ? 'Creating…' : 'Create my help desk' }}</button>
        </form>
      }
    </section>
  `,
  styles: `
    .card { max-width: 32rem; margin: 2rem auto; }
    form { display: grid; gap: .4rem; }
    small { opacity: .85; }
    small.error { opacity: 1; }
  `,
})
export class SignupPage {
  private readonly api = inject(Api);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly fieldErrors = signal<Partial<Record<Field, string>>>({});
  protected readonly created = signal<SignupResponseDto | null>(null);
  protected readonly passwordMin = PASSWORD_MIN_LENGTH;
  protected readonly slugMin = SLUG_MIN_LENGTH;
  protected readonly slugMax = SLUG_MAX_LENGTH;
  /** Portals live at `{slug}.{this host}` (TENANT_BASE_DOMAIN defaults to the platform's host). */
  protected readonly baseDomain = location.host;
  protected slugEdited = false;
  protected readonly form = new FormGroup({
    tenant_name: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    tenant_slug: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(SLUG_PATTERN)] }),
    admin_name: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    admin_email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email] }),
    admin_password: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)] }),
  });

  protected errorOf(field: Field): string | undefined {
    return this.fieldErrors()[field];
  }

  suggestSlug(): void {
    if (!this.slugEdited) this.form.controls.tenant_slug.setValue(slugOf(this.form.controls.tenant_name.value));
  }

  async submit(): Promise<void> {
    this.error.set(null);
    this.fieldErrors.set({});
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.error.set(`Fill in every field; the password needs ${PASSWORD_MIN_LENGTH} characters or more.`);
      return;
    }
    this.busy.set(true);
    try {
      this.created.set(await this.api.send<SignupResponseDto>('POST', '/api/signup', this.form.getRawValue()));
    } catch (err) {
      if (err instanceof ApiError && err.body?.errors) {
        this.fieldErrors.set(Object.fromEntries(Object.entries(err.body.errors).map(([k, v]) => [k, v.join(' ')])));
      }
      this.error.set(err instanceof ApiError ? err.message : 'Something went wrong. Try again.');
    } finally {
      this.busy.set(false);
    }
  }
}
