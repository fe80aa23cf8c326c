import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiTokenDto, CreateApiTokenDto, CreatedApiTokenDto } from '@central-tickets/contracts';
import { Auth, type AuthContext } from '../core/auth/auth-context';
import { TenantApi } from '../core/auth/auth.decorators';
import { IdParam } from '../core/http/uuid-param';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { RateLimit } from '../core/rate-limit/rate-limit';
import { ApiTokensService } from './api-tokens.service';

@ApiTags('Tenant settings')
@Controller('api/tenant/api-tokens')
@TenantApi('admin')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Get()
  @ApiOperation({ summary: 'List API tokens', description: 'Active tokens, newest first. Secrets are never shown again.' })
  @ApiOkResponse({ type: [ApiTokenDto] })
  list(@Auth() auth: AuthContext): Promise<ApiTokenDto[]> {
    return this.tokens.list(auth.tenantId);
  }

  @Post()
  @RateLimit('api-tokens')
  @ApiOperation({
    summary: 'Create an API token',
    description: 'The answer holds the token itself, once: store it at once. Scopes: `tickets:read`, `tickets:write`, `admin`.',
  })
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  @ApiErrors([400, 422, 429])
  create(@Auth() auth: AuthContext, @Body() dto: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    return this.tokens.create(auth.tenantId, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API token', description: 'Requests with the token fail from now on.' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiErrors([404])
  async revoke(@Auth() auth: AuthContext, @IdParam() id: string): Promise<void> {
    await this.tokens.revoke(auth.tenantId, id);
  }
}
