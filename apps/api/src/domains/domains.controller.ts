import { Body, Controller, Delete, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateDomainDto, DomainDto } from '@central-tickets/contracts';
import type { FastifyRequest } from 'fastify';
import { Auth, type AuthContext } from '../core/auth/auth-context';
import { TenantApi } from '../core/auth/auth.decorators';
import { requestMeta } from '../core/http/request-meta';
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

  @Post(':id/verify')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Verify a custom domain',
    description:
      'Looks up the TXT record `_central-tickets.{hostname}` in DNS. When one of its values is exactly the `txt_record.value` of the domain, the domain is verified and serves your portal from then on. ' +
      'Otherwise the answer is a 422 whose `errors.hostname` says what was found (no record, or another value); DNS changes can take a few minutes to show, so create or correct the record and call this again. ' +
      'Every check sets `last_checked_at`. A verified domain is answered as it is. A 409 means another tenant verified this host name first; a 503 that the DNS lookup failed or timed out (retry later).',
  })
  @ApiOkResponse({ type: DomainDto, description: 'Verified.' })
  @ApiErrors([404, 409, 422, 503])
  verify(@Auth() auth: AuthContext, @IdParam() id: string, @Req() req: FastifyRequest): Promise<DomainDto> {
    return this.domains.verify(auth.tenantId, id, requestMeta(req));
  }
}
