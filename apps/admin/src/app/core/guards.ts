import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { Session } from './session';

/** Pages for someone signed in: others go to the sign-in page, and come back afterwards. */
export const signedIn: CanActivateFn = async (_route, state) => {
  const router = inject(Router);
  const me = await inject(Session).load().catch(() => null);
  return me ? true : router.createUrlTree(['/login'], { queryParams: { next: state.url } });
};

/** Pages for admins signed in with their password (others go back to their tickets). */
export const admin: CanActivateFn = async () => {
  // Injected before the first await: after it, the injection context is gone.
  const session = inject(Session);
  const router = inject(Router);
  await session.load().catch(() => null);
  return session.isAdmin() ? true : router.createUrlTree(['/dashboard']);
};

/** Pages for agents and admins signed in with their password. */
export const staff: CanActivateFn = async () => {
  const session = inject(Session);
  const router = inject(Router);
  await session.load().catch(() => null);
  return session.isStaff() ? true : router.createUrlTree(['/dashboard']);
};
