import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JwtLoginDto, JwtLoginResponseDto } from '@central-tickets/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../core/auth/auth.decorators';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { SUCCESS_FLAG } from '../core/errors/all-exceptions.filter';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { RateLimit } from '../core/rate-limit/rate-limit';
import { sessionCookieName, sessionCookieOptions } from '../sessions/session-cookie';
import { JwtLoginService } from './jwt-login.service';

@ApiTags('Sign-in')
@Controller('api/jwt')
export class JwtLoginController {
  constructor(
    private readonly login: JwtLoginService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  @RouteConfig({ [SUCCESS_FLAG]: true })
  @Public()
  @RateLimit('jwt-login')
  @ApiOperation({
    summary: 'Sign a user in with a JWT',
    description: [
      'Your server signs a short-lived JWT (HS256, your tenant\'s JWT secret) with the user\'s `email` and `name`; this exchanges it for a one-time',
      '`redirect_url` that lands the browser on your portal signed in. Claims: `email`, `name`, `iat`, `exp` (at most 120 s after `iat`; 30 s of',
      'clock skew is forgiven); optional `jti` (single use; without it the token itself is), `external_id` (the user\'s key when present),',
      '`redirect_url`, `aud` (your slug or portal origin). A `kid` header picks the secret; after a rotation the previous secret works for the',
      'grace period. Called on your portal host, it also sets the session cookie. Failures answer `success: false` with the code:',
      '401 `TOKEN_INVALID`, `TOKEN_EXPIRED`, `TOKEN_REPLAYED`.',
    ].join(' '),
  })
  @ApiOkResponse({ type: JwtLoginResponseDto })
  @ApiErrors([400, 401, 403, 404, 409, 422, 429])
  async jwtLogin(
    @Body() dto: JwtLoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JwtLoginResponseDto> {
    const result = await this.login.login(dto, req);
    if (result.session) {
      void reply.setCookie(sessionCookieName(this.config), result.session.id, sessionCookieOptions(this.config, result.session.expiresAt));
    }
    void reply.header('Cache-Control', 'no-store');
    return {
      success: true,
      redirect_url: result.callback.url,
      user: { id: result.user.id, email: result.user.email, name: result.user.name },
    };
  }
}
