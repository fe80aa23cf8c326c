import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router, RouterLink, RouterOutlet } from '@angular/router';
import { Session } from './core/session';

@Component({
  selector: 'ct-root',
  imports: [RouterOutlet, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (!framed) {
    <header class="bar">
      <a class="brand" routerLink="/dashboard">{{ session.me()?.tenant?.name ?? 'Help desk' }}</a>
      @if (session.me(); as me) {
        @if (session.isStaff()) { <a routerLink="/overview">Overview</a> }
        @if (session.isAdmin()) { <a routerLink="/settings">Settings</a> }
        <span class="who" aria-label="Signed in as">{{ me.user.name }}</span>
        <button type="button" class="link" (click)="signOut()" [disabled]="signingOut()">Sign out</button>
      }
    </header>
    }
    <main id="main" [class.framed]="framed">
      <router-outlet />
    </main>
  `,
  styles: `
    .bar { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; padding: .75rem 1.25rem; border-bottom: 1px solid var(--line); }
    .brand { font-weight: 700; color: inherit; text-decoration: none; margin-right: auto; }
    .who { opacity: .8; }
    main { max-width: 72rem; margin: 0 auto; padding: 1.25rem; }
    /* The support widget's page, in a host site's panel or popup: the page alone, edge to edge. */
    main.framed { max-width: none; padding: 0; }
    @media (max-width: 40rem) { main { padding: .75rem; } .who { display: none; } }
  `,
})
export class App {
  protected readonly session = inject(Session);
  private readonly router = inject(Router);
  protected readonly signingOut = signal(false);
  /** The widget's page is only ever loaded directly (in a frame or popup), never navigated to. */
  protected readonly framed = location.pathname === '/widget';

  async signOut(): Promise<void> {
    this.signingOut.set(true);
    try {
      await this.session.logout();
      await this.router.navigateByUrl('/login');
    } finally {
      this.signingOut.set(false);
    }
  }
}
