import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';

/** The settings' pages, as tabs. */
@Component({
  selector: 'ct-settings-nav',
  imports: [RouterLink, RouterLinkActive],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav aria-label="Settings">
      @for (page of pages; track page.path) {
        <a [routerLink]="page.path" routerLinkActive="current" [routerLinkActiveOptions]="{ exact: true }" ariaCurrentWhenActive="page">{{ page.label }}</a>
      }
    </nav>
  `,
  styles: `
    nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; border-bottom: 1px solid var(--line); margin-bottom: 1rem; padding-bottom: .5rem; }
    a { text-decoration: none; padding: .25rem 0; }
    a.current { font-weight: 700; border-bottom: 3px solid var(--accent); }
  `,
})
export class SettingsNav {
  protected readonly pages = [
    { path: '/settings', label: 'Tenant and credentials' },
    { path: '/settings/team', label: 'Team' },
    { path: '/settings/categories', label: 'Categories' },
    { path: '/settings/integration', label: 'Integration' },
    { path: '/settings/usage', label: 'API usage' },
    { path: '/settings/security-log', label: 'Security log' },
  ];
}
