import { Body, Controller, Get, Patch, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RotatedJwtSecretDto, TenantDto, UpdateTenantDto } from '@central-tickets/contracts';
import type { FastifyRequest } from 'fastify';
import { Auth, type AuthContext } from '../core/auth/auth-context';
import { requestMeta } from '../core/http/request-meta';
import { TenantApi } from '../core/auth/auth.decorators';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { JwtSecretsService } from './jwt-secrets.service';
import { TenantsService } from './tenants.service';

@ApiTags('Tenant')
@Controller('api/tenant')
export class TenantController {
  constructor(private readonly tenants: TenantsService) {}

  @Get()
  @TenantApi()
  @ApiOperation({
    summary: 'The tenant',
    description: 'The tenant of the token: id, slug, name, portal, domains and settings. Any scope.',
  })
  @ApiOkResponse({ type: TenantDto })
  get(@Auth() auth: AuthContext): Promise<TenantDto> {
    return this.tenants.get(auth.tenantId);
  }
}

@ApiTags('Tenant settings')
@Controller('api/tenant')
@TenantApi('admin')
export class TenantSettingsController {
  constructor(
    private readonly tenants: TenantsService,
    private readonly jwtSecrets: JwtSecretsService,
  ) {}

  @Patch()
  @ApiOperation({ summary: 'Change settings', description: 'Only the fields sent change. `allowed_origins` replaces the whole list.' })
  @ApiOkResponse({ type: TenantDto })
  @ApiErrors([400, 422])
  update(@Auth() auth: AuthContext, @Body() dto: UpdateTenantDto): Promise<TenantDto> {
    return this.tenants.update(auth.tenantId, dto);
  }

  @Post('jwt-secret/rotate')
  @ApiOperation({
    summary: 'Rotate the JWT secret',
    description:
      'Makes a new secret, shown once in this answer. The previous one is still accepted for `jwt_secret_grace_hours` (default 24), then refused.',
  })
  @ApiCreatedResponse({ type: RotatedJwtSecretDto })
  rotate(@Auth() auth: AuthContext, @Req() req: FastifyRequest): Promise<RotatedJwtSecretDto> {
    return this.jwtSecrets.rotate(auth.tenantId, requestMeta(req));
  }
}
