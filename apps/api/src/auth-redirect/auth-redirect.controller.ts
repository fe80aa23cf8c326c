import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthRedirectDto, TestRedirectResponseDto } from '@central-tickets/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { RateLimit } from '../core/rate-limit/rate-limit';
import { CALLBACK_TOKEN_TTL_SECONDS } from '../sessions/callback-token';
import { redirectTenant, SignInRedirect } from './auth-redirect.guards';
import { AuthRedirectService } from './auth-redirect.service';

const SLUG_PARAM = ApiParam({ name: 'tenant_slug', description: 'Your tenant\'s slug.', example: 'acme' });

const FLOW = [
  'Send `email` and `name` (JSON or an HTML form post), or a `token` signed with your JWT secret. Who may send them depends on the',
  'tenant\'s `redirect_auth`: `origin` (default) takes browsers posting from your allowed origins or verified domains, or servers with',
  'your API token (403 `ORIGIN_NOT_ALLOWED` otherwise); `signed` takes only a signed `token` or the API token (403 `SIGNATURE_REQUIRED`);',
  '`open` takes anyone. `redirect_url` must be on your portal, a verified domain or an allowed origin (422 otherwise; 403',
  '`DOMAIN_NOT_VERIFIED` for a custom domain not verified yet). Rate limited per client IP (60 an hour by default).',
].join(' ');

@ApiTags('Sign-in')
@Controller('api')
export class AuthRedirectController {
  constructor(private readonly redirects: AuthRedirectService) {}

  @Post('auth/redirect/:tenant_slug')
  @SignInRedirect()
  @RateLimit('auth-redirect')
  @SLUG_PARAM
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiOperation({
    summary: 'Sign a user of your app in to your portal (authentication redirect)',
    description: `${FLOW} On success the user is created or updated and the answer is a 302 to your portal's \`/auth/callback\` with a one-time token (120 s).`,
  })
  @ApiFoundResponse({
    description: 'Signed in: follow `Location` (the portal callback with a one-time token).',
    headers: { Location: { description: 'https://{portal}/auth/callback?token=…', schema: { type: 'string' } } },
  })
  @ApiErrors([400, 401, 403, 404, 409, 422, 429])
  async redirect(
    @Body() dto: AuthRedirectDto,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const result = await this.redirects.redirect(redirectTenant(req), dto, req);
    await reply
      .header('Cache-Control', 'no-store')
      .header('Referrer-Policy', 'no-referrer')
      .redirect(result.callback.url, 302);
  }

  @Post('test/auth/redirect/:tenant_slug')
  @HttpCode(200)
  @SignInRedirect({ test: true })
  @RateLimit('auth-redirect-test')
  @SLUG_PARAM
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiOperation({
    summary: 'Try the authentication redirect (JSON instead of a 302)',
    description: `The same checks as the live endpoint, answered as JSON. Available outside production, or when the tenant's \`test_mode\` is on (403 otherwise). ${FLOW}`,
  })
  @ApiOkResponse({ type: TestRedirectResponseDto })
  @ApiErrors([400, 401, 403, 404, 409, 422, 429])
  async test(
    @Body() dto: AuthRedirectDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TestRedirectResponseDto> {
    const { callback } = await this.redirects.redirect(redirectTenant(req), dto, req);
    void reply.header('Cache-Control', 'no-store');
    return {
      redirect_url: callback.url,
      token: callback.token,
      expires_in: CALLBACK_TOKEN_TTL_SECONDS,
      expires_at: callback.expiresAt.toISOString(),
    };
  }
}
