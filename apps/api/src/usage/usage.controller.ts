import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UsageDto, UsageQueryDto } from '@central-tickets/contracts';
import { Auth, type AuthContext } from '../core/auth/auth-context';
import { TenantApi } from '../core/auth/auth.decorators';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { UsageService } from './usage.service';

@ApiTags('Tenant settings')
@Controller('api/tenant/usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  @TenantApi('admin')
  @ApiOperation({
    summary: 'API usage',
    description:
      'Requests made with this tenant\'s API tokens per day (UTC) and per endpoint group and status class, the sign-in requests refused by a rate limit, and each token\'s last use. Counts reach this answer within about ten seconds on a multi-instance deployment.',
  })
  @ApiOkResponse({ type: UsageDto })
  @ApiErrors([422])
  get(@Auth() auth: AuthContext, @Query() query: UsageQueryDto): Promise<UsageDto> {
    return this.usage.usage(auth, query.days);
  }
}
