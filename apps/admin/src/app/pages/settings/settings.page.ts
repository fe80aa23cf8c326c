import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, type OnInit, signal } from '@angular/core';
import type { ApiTokenDto, CreatedApiTokenDto, DomainDto, RotatedJwtSecretDto, TenantDto, UpdateTenantDto } from '@central-tickets/contracts';
import { API_TOKEN_SCOPES, type ApiTokenScope, REDIRECT_AUTH_MODES, type RedirectAuthMode } from '@central-tickets/contracts/rules';
import { Api } from '../../core/api';
import { Actions } from './actions';
import { SettingsNav } from './settings-nav';
import { ShownOnce } from './shown-once';

/**
 * The tenant's settings, for admins: the tenant, its sign-in rules, API tokens, the JWT secret
 * and custom domains (the team, categories, integration and security log have pages of their
 * own). Every section talks to the tenant API with the admin's session; secrets are shown once.
 */
@Component({
  selector: 'ct-settings-page',
  imports: [DatePipe, SettingsNav, ShownOnce],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './settings.page.html',
  styles: `
    section { border-top: 1px solid var(--line); padding: 1rem 0; }
    form, .row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
    .stack { display: grid; gap: .5rem; max-width: 40rem; }
    .warning { border-left: 4px solid #c62828; padding: .25rem .75rem; }
    table { width: 100%; border-collapse: collapse; }
    th, td { text-align: left; padding: .4rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    .ok { color: #2e7d32; }
    fieldset { border: 0; padding: 0; display: grid; gap: .25rem; }
  `,
})
export class SettingsPage implements OnInit {
  private readonly api = inject(Api);
  protected readonly scopes = API_TOKEN_SCOPES;
  protected readonly modes = REDIRECT_AUTH_MODES;

  protected readonly tenant = signal<TenantDto | null>(null);
  protected readonly tokens = signal<ApiTokenDto[]>([]);
  protected readonly domains = signal<DomainDto[]>([]);
  protected readonly createdToken = signal<CreatedApiTokenDto | null>(null);
  protected readonly rotated = signal<RotatedJwtSecretDto | null>(null);
  protected readonly actions = new Actions();
  protected readonly busy = this.actions.busy;
  protected readonly message = this.actions.message;

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    await this.run('page', async () => {
      const [tenant, tokens, domains] = await Promise.all([
        this.api.get<TenantDto>('/api/tenant'),
        this.api.get<ApiTokenDto[]>('/api/tenant/api-tokens'),
        this.api.get<DomainDto[]>('/api/tenant/domains'),
      ]);
      this.tenant.set(tenant);
      this.tokens.set(tokens);
      this.domains.set(domains);
    });
  }

  async saveTenant(form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    const body: UpdateTenantDto = {
      name: String(data.get('name') ?? ''),
      allowed_origins: String(data.get('allowed_origins') ?? '').split(/\s+/).filter(Boolean),
      redirect_auth: data.get('redirect_auth') as RedirectAuthMode,
      test_mode: data.get('test_mode') === 'on',
    };
    await this.run('tenant', async () => this.tenant.set(await this.api.send<TenantDto>('PATCH', '/api/tenant', body)), 'Saved.');
  }

  async createToken(form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    const scopes = data.getAll('scopes') as ApiTokenScope[];
    await this.run('tokens', async () => {
      const created = await this.api.send<CreatedApiTokenDto>('POST', '/api/tenant/api-tokens', { name: data.get('name'), scopes });
      this.createdToken.set(created);
      this.tokens.update((list) => [created, ...list]);
      form.reset();
    });
  }

  async revokeToken(token: ApiTokenDto): Promise<void> {
    if (!confirm(`Revoke "${token.name}"? Integrations using it stop working at once.`)) return;
    await this.run('tokens', async () => {
      await this.api.send('DELETE', `/api/tenant/api-tokens/${token.id}`);
      this.tokens.update((list) => list.filter((t) => t.id !== token.id));
    }, 'Revoked.');
  }

  async rotateSecret(): Promise<void> {
    if (!confirm('Rotate the JWT secret? The current one keeps working for the grace period.')) return;
    await this.run('secret', async () => this.rotated.set(await this.api.send<RotatedJwtSecretDto>('POST', '/api/tenant/jwt-secret/rotate')));
  }

  async addDomain(form: HTMLFormElement): Promise<void> {
    const hostname = String(new FormData(form).get('hostname') ?? '');
    await this.run('domains', async () => {
      const domain = await this.api.send<DomainDto>('POST', '/api/tenant/domains', { hostname });
      this.domains.update((list) => [...list, domain]);
      form.reset();
    }, 'Added: create the TXT record below, then verify.');
  }

  async verifyDomain(domain: DomainDto): Promise<void> {
    await this.run('domains', async () => {
      const verified = await this.api.send<DomainDto>('POST', `/api/tenant/domains/${domain.id}/verify`);
      this.domains.update((list) => list.map((d) => (d.id === verified.id ? verified : d)));
    }, 'Verified.');
  }

  async removeDomain(domain: DomainDto): Promise<void> {
    if (!confirm(`Remove ${domain.hostname}?`)) return;
    await this.run('domains', async () => {
      await this.api.send('DELETE', `/api/tenant/domains/${domain.id}`);
      this.domains.update((list) => list.filter((d) => d.id !== domain.id));
    });
  }

  private run(section: string, work: () => Promise<unknown>, done?: string): Promise<void> {
    return this.actions.run(section, work, done);
  }
}
