import { ChangeDetectionStrategy, Component, inject, type OnInit, signal } from '@angular/core';
import type { TenantDto } from '@central-tickets/contracts';
import { Api } from '../../core/api';
import { Actions } from './actions';
import { SettingsNav } from './settings-nav';

/** One example of the integration guide, filled in for this tenant (`GET /api/portal/integration-snippets`). */
interface Snippet {
  id: string;
  section: string;
  language: string;
  runtime: string;
  title: string;
  summary: string;
  filename: string | null;
  code: string;
}

interface IntegrationSnippets {
  tenant_slug: string;
  portal_url: string;
  platform_url: string;
  guide_url: string;
  snippets: Snippet[];
}

/**
 * Ready-to-paste code for this tenant: the examples of the integration guide (`/integration` on
 * this portal), taken from the same source as that page, so the two never differ and both are
 * run by the examples suite against a real server.
 */
@Component({
  selector: 'ct-integration-page',
  imports: [SettingsNav],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Settings</h1>
    <ct-settings-nav />
    <h2>Integration</h2>
    @if (guide(); as g) {
      <p>Your portal is <a [href]="g.portal_url">{{ g.portal_url }}</a> and your tenant slug <code>{{ g.tenant_slug }}</code>.
        The <a [href]="g.guide_url" target="_blank" rel="noopener">integration guide</a> explains every method below, with the errors,
        rate limits and security rules; the <a [href]="g.platform_url + '/api/docs'" target="_blank" rel="noopener">API documentation</a>
        is the full reference.</p>
    }
    @if (tenant(); as t) {
      <p>Pages that send users here must be on one of your allowed origins:
        {{ t.allowed_origins.length ? t.allowed_origins.join(', ') : 'none yet (add yours on the first settings page)' }}.
        Secrets (the JWT secret, API tokens) stay on your servers: the examples read them from the environment.</p>
    }
    @if (actions.messageOf('load'); as m) { <p class="error" role="alert">{{ m.text }}</p> }
    @for (s of guide()?.snippets ?? []; track s.id) {
      <section [attr.aria-labelledby]="'snippet-' + s.id">
        <h3 [id]="'snippet-' + s.id">{{ s.title }}</h3>
        <p>{{ s.summary }}@if (s.filename) { Save as <code>{{ s.filename }}</code>.}</p>
        <pre><code [attr.data-language]="s.language">{{ s.code }}</code></pre>
        <button type="button" (click)="copy(s)">{{ copied() === s.id ? 'Copied' : 'Copy' }}</button>
      </section>
    }
  `,
  styles: `
    section { border-top: 1px solid var(--line); padding: .75rem 0; }
    pre { overflow-x: auto; background: var(--soft); padding: .75rem; border-radius: .4rem; font-size: .9em; }
  `,
})
export class IntegrationPage implements OnInit {
  private readonly api = inject(Api);
  protected readonly actions = new Actions();
  protected readonly tenant = signal<TenantDto | null>(null);
  protected readonly guide = signal<IntegrationSnippets | null>(null);
  protected readonly copied = signal<string | null>(null);

  ngOnInit(): void {
    void this.actions.run('load', async () => {
      const [tenant, guide] = await Promise.all([
        this.api.get<TenantDto>('/api/tenant'),
        this.api.get<IntegrationSnippets>('/api/portal/integration-snippets'),
      ]);
      this.tenant.set(tenant);
      this.guide.set(guide);
    });
  }

  async copy(snippet: Snippet): Promise<void> {
    await navigator.clipboard?.writeText(snippet.code).catch(() => undefined);
    this.copied.set(snippet.id);
  }
}
