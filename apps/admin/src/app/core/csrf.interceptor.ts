import type { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Session } from './session';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Every state-changing request of the session carries its CSRF token. */
export const csrfInterceptor: HttpInterceptorFn = (req, next) => {
  const token = inject(Session).me()?.csrf_token;
  return SAFE.has(req.method) || !token ? next(req) : next(req.clone({ setHeaders: { 'X-CSRF-Token': token } }));
};
