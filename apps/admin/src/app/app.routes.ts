import type { Route } from '@angular/router';
import { admin, signedIn, staff } from './core/guards';

/** The console's pages; each is loaded when first visited. */
export const appRoutes: Route[] = [
  { path: '', pathMatch: 'full', redirectTo: 'dashboard' },
  { path: 'login', title: 'Sign in', loadComponent: () => import('./pages/login.page').then((m) => m.LoginPage) },
  { path: 'dashboard', title: 'Tickets', canActivate: [signedIn], loadComponent: () => import('./pages/tickets.page').then((m) => m.TicketsPage) },
  { path: 'tickets/new', title: 'New ticket', canActivate: [signedIn], loadComponent: () => import('./pages/new-ticket.page').then((m) => m.NewTicketPage) },
  { path: 'tickets/:id', title: 'Ticket', canActivate: [signedIn], loadComponent: () => import('./pages/ticket.page').then((m) => m.TicketPage) },
  { path: 'overview', title: 'Overview', canActivate: [signedIn, staff], loadComponent: () => import('./pages/overview.page').then((m) => m.OverviewPage) },
  { path: 'settings', title: 'Settings', canActivate: [signedIn, admin], loadComponent: () => import('./pages/settings/settings.page').then((m) => m.SettingsPage) },
  { path: '**', title: 'Not found', loadComponent: () => import('./pages/not-found.page').then((m) => m.NotFoundPage) },
];
