import { CentralTicketsError, errorFromResponse, noAnswerError } from './errors.js';
import { type FetchLike, resolveFetch } from './fetch.js';
import type { JwtLoginResult } from './types.js';
import { checkTenantSlug, normalizeBaseUrl } from './urls.js';

export interface JwtLoginRequest {
  /** The platform origin, or the tenant's portal origin. */
  baseUrl: string;
  /** A login JWT signed by your server (see `signLoginToken` in `@central-tickets/sdk/server`). */
  token: string;
  /** Your tenant's slug: required on the platform host, optional on your portal's host. */
  tenant?: string;
  fetch?: FetchLike;
  signal?: AbortSignal;
}

export interface PreparedJwtLogin {
  url: string;
  body: { token: string; tenant_slug?: string };
  fetch: FetchLike;
  signal?: AbortSignal;
}

/** Checks a JWT login request (synchronously: nothing is sent). */
export function prepareJwtLogin(request: JwtLoginRequest): PreparedJwtLogin {
  const base = normalizeBaseUrl(request.baseUrl);
  if (typeof request.token !== 'string' || request.token.split('.').length !== 3) {
    throw new TypeError('token must be a login JWT signed by your server (header.payload.signature).');
  }
  const body: PreparedJwtLogin['body'] = { token: request.token };
  if (request.tenant !== undefined) body.tenant_slug = checkTenantSlug(request.tenant);
  return { url: `${base}/api/jwt/login`, body, fetch: resolveFetch(request.fetch), signal: request.signal };
}

/**
 * `POST /api/jwt/login`: exchanges a login JWT for a one-time `redirect_url` (valid 120 s) that
 * lands the browser on the portal signed in. Never retried: the token is single use, so a retry
 * after a lost answer could only be refused as a replay.
 */
export async function sendJwtLogin(prepared: PreparedJwtLogin, credentials: 'omit' | 'include' | 'same-origin'): Promise<JwtLoginResult> {
  const { url } = prepared;
  let response: Response;
  try {
    response = await prepared.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(prepared.body),
      credentials,
      signal: prepared.signal,
    });
  } catch (err) {
    if (prepared.signal?.aborted) throw err;
    throw noAnswerError(err, {
      method: 'POST',
      url,
      hint: 'From a browser this is also how a refused CORS request looks: is this page\'s origin one of the tenant\'s allowed origins?',
    });
  }
  if (!response.ok) throw await errorFromResponse(response, { method: 'POST', url, now: Date.now() });
  const result = (await response.json().catch(() => undefined)) as Partial<JwtLoginResult> | undefined;
  if (!result || typeof result.redirect_url !== 'string') {
    throw new CentralTicketsError({
      status: response.status,
      code: 'INVALID_RESPONSE',
      message: 'JWT login answered without a redirect_url.',
      method: 'POST',
      url,
      body: result,
    });
  }
  return result as JwtLoginResult;
}
