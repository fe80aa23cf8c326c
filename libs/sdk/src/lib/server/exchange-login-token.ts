import { type JwtLoginRequest, prepareJwtLogin, sendJwtLogin } from '../jwt-login.js';
import type { JwtLoginResult } from '../types.js';

export type ExchangeLoginTokenOptions = JwtLoginRequest;

/**
 * JWT login from your server (the integration guide's PHP/Python `loginToTickets`): posts a
 * login token to `POST /api/jwt/login` and returns the one-time `redirect_url` (valid 120 s,
 * single use) to send the user's browser to, e.g. as your own `302 Location`. Never follow it
 * from the server: the browser must spend it, or it lands nobody.
 *
 * @throws CentralTicketsError `TOKEN_INVALID`, `TOKEN_EXPIRED`, `TOKEN_REPLAYED` (401), …
 */
export async function exchangeLoginToken(options: ExchangeLoginTokenOptions): Promise<JwtLoginResult> {
  return sendJwtLogin(prepareJwtLogin(options), 'omit');
}
