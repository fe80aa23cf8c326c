import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListSecurityEventsQueryDto, SecurityEventPageDto } from '@central-tickets/contracts';
import { Auth, type AuthContext } from '../core/auth/auth-context';
import { TenantApi } from '../core/auth/auth.decorators';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { SecurityEventsService } from './security-events.service';

@ApiTags('Tenant settings')
@Controller('api/tenant/security-events')
export class SecurityEventsController {
  constructor(private readonly events: SecurityEventsService) {}

  @Get()
  @TenantApi('admin')
  @ApiOperation({
    summary: 'The security log',
    description:
      'Sign-ins, failures, replays, refused origins, rate-limit hits and secret rotations, newest first, each with the IP, user agent and correlation id of its request. Page with `next_cursor`.',
  })
  @ApiOkResponse({ type: SecurityEventPageDto })
  @ApiErrors([422])
  list(@Auth() auth: AuthContext, @Query() query: ListSecurityEventsQueryDto): Promise<SecurityEventPageDto> {
    return this.events.list(auth.tenantId, query);
  }
}
