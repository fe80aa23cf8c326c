import type { Route } from '@angular/router';
import { admin, signedIn, staff } from './core/guards';

const settings = (path: string, title: string, load: () => Promise<unknown>): Route => ({
  path,
  title,
  canActivate: [signedIn, admin],
  loadComponent: load as Route['loadComponent'],
});

/** The console's pages; each is loaded when first visited. */
export const appRoutes: Route[] = [
  { path: '', pathMatch: 'full', redirectTo: 'dashboard' },
  { path: 'login', title: 'Sign in', loadComponent: () => import('./pages/login.page').then((m) => m.LoginPage) },
  { path: 'invitation', title: 'Join the help desk', loadComponent: () => import('./pages/invitation.page').then((m) => m.InvitationPage) },
  // Served on the platform host only (the API sends the console there for this path alone).
  { path: 'signup', title: 'Create your help desk', loadComponent: () => import('./pages/signup.page').then((m) => m.SignupPage) },
  { path: 'dashboard', title: 'Tickets', canActivate: [signedIn], loadComponent: () => import('./pages/tickets.page').then((m) => m.TicketsPage) },
  { path: 'tickets/new', title: 'New ticket', canActivate: [signedIn], loadComponent: () => import('./pages/new-ticket.page').then((m) => m.NewTicketPage) },
  { path: 'tickets/:id', title: 'Ticket', canActivate: [signedIn], loadComponent: () => import('./pages/ticket.page').then((m) => m.TicketPage) },
  { path: 'overview', title: 'Overview', canActivate: [signedIn, staff], loadComponent: () => import('./pages/overview.page').then((m) => m.OverviewPage) },
  settings('settings', 'Settings', () => import('./pages/settings/settings.page').then((m) => m.SettingsPage)),
  settings('settings/team', 'Team', () => import('./pages/settings/team.page').then((m) => m.TeamPage)),
  settings('settings/categories', 'Categories', () => import('./pages/settings/categories.page').then((m) => m.CategoriesPage)),
  settings('settings/integration', 'Integration', () => import('./pages/settings/integration.page').then((m) => m.IntegrationPage)),
  settings('settings/usage', 'API usage', () => import('./pages/settings/usage.page').then((m) => m.UsagePage)),
  settings('settings/security-log', 'Security log', () => import('./pages/settings/security-log.page').then((m) => m.SecurityLogPage)),
  // The support widget's panel or popup on the tenant's sites (widget.js; docs/WIDGET.md).
  { path: 'widget', title: 'Support', loadComponent: () => import('./widget/widget.page').then((m) => m.WidgetPage) },
  { path: '**', title: 'Not found', loadComponent: () => import('./pages/not-found.page').then((m) => m.NotFoundPage) },
];
