import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '@central-tickets/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../core/auth/auth.decorators';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { AppException } from '../core/errors/app.exception';
import { requestMeta } from '../core/http/request-meta';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { requirePortal } from '../core/tenancy/site';
import { TenantDirectory } from '../core/tenancy/tenant-directory';
import { sessionCookieName, sessionCookieOptions } from '../sessions/session-cookie';
import { SessionsService, SignInFailure } from '../sessions/sessions.service';
import { signInFailurePage } from './pages';

/** Whether the caller asked for JSON rather than a page. */
const wantsJson = (req: FastifyRequest) => /\bapplication\/json\b/.test(req.headers.accept ?? '');

@ApiTags('Sign-in')
@Controller('auth')
export class CallbackController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly directory: TenantDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('callback')
  @Public()
  @ApiQuery({ name: 'token', description: 'The one-time token of the authentication redirect or JWT login.' })
  @ApiOperation({
    summary: 'Portal callback: turn a one-time token into a session',
    description:
      'On the portal host. Spends the token (once, on every instance), begins a new session (cookie `ct_session`, `__Host-ct_session` over https) and redirects to `redirect_url`. Failures are a page for browsers, or the JSON envelope with `Accept: application/json`: 401 `TOKEN_EXPIRED`, `TOKEN_INVALID`, `TOKEN_REPLAYED`.',
  })
  @ApiFoundResponse({
    description: 'Signed in: the session cookie is set and `Location` is the `redirect_url` of the sign-in.',
    headers: {
      Location: { description: 'The redirect_url of the sign-in (default {portal}/dashboard).', schema: { type: 'string' } },
      'Set-Cookie': { description: 'ct_session=…; HttpOnly; Path=/ (over https: __Host-ct_session=…; Secure; SameSite=None)', schema: { type: 'string' } },
    },
  })
  @ApiErrors([401, 404])
  async callback(@Query('token') token: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    // The token is in this URL: keep it out of Referer headers, caches and history snapshots.
    void reply.header('Referrer-Policy', 'no-referrer').header('Cache-Control', 'no-store');
    const cookie = sessionCookieName(this.config);
    try {
      const site = await requirePortal(req, this.directory);
      if (typeof token !== 'string' || token === '') {
        throw new SignInFailure(ErrorCode.TokenInvalid, 'This sign-in link is incomplete.');
      }
      const result = await this.sessions.redeem(site, token, requestMeta(req), req.cookies?.[cookie] ?? null);
      await reply
        .setCookie(cookie, result.session.id, sessionCookieOptions(this.config, result.session.expiresAt))
        .redirect(result.redirectUrl, 302);
    } catch (err) {
      if (!(err instanceof AppException) || wantsJson(req)) throw err;
      const back = err instanceof SignInFailure ? err.backUrl : null;
      await reply
        .code(err.status)
        .type('text/html; charset=utf-8')
        .send(signInFailurePage(err.code, String(req.id), back));
    }
  }
}
