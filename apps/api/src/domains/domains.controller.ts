import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateDomainDto, DomainDto } from '@central-tickets/contracts';
import { Auth, type AuthContext } from '../core/auth/auth-context';
import { TenantApi } from '../core/auth/auth.decorators';
import { IdParam } from '../core/http/uuid-param';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { DomainsService } from './domains.service';

@ApiTags('Tenant settings')
@Controller('api/tenant/domains')
@TenantApi('admin')
export class DomainsController {
  constructor(private readonly domains: DomainsService) {}

  @Get()
  @ApiOperation({ summary: 'List custom domains', description: 'With the TXT record each one needs.' })
  @ApiOkResponse({ type: [DomainDto] })
  list(@Auth() auth: AuthContext): Promise<DomainDto[]> {
    return this.domains.list(auth.tenantId);
  }

  @Post()
  @ApiOperation({
    summary: 'Add a custom domain',
    description:
      'Create the TXT record shown in the answer at your DNS provider, then verify the domain. Until it is verified the domain gets neither tokens nor redirects.',
  })
  @ApiCreatedResponse({ type: DomainDto })
  @ApiErrors([400, 409, 422])
  add(@Auth() auth: AuthContext, @Body() dto: CreateDomainDto): Promise<DomainDto> {
    return this.domains.add(auth.tenantId, dto.hostname);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a custom domain' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiErrors([404])
  async remove(@Auth() auth: AuthContext, @IdParam() id: string): Promise<void> {
    await this.domains.remove(auth.tenantId, id);
  }
}
