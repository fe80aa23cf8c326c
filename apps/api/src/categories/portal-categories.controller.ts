import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CategorySummaryDto } from '@central-tickets/contracts';
import { Auth, type AuthContext } from '../core/auth/auth-context';
import { PortalSession } from '../core/auth/auth.decorators';
import { CategoriesService } from './categories.service';

@ApiTags('Portal session')
@Controller('api/portal/categories')
@PortalSession()
export class PortalCategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Get()
  @ApiOperation({
    summary: 'Categories to file a ticket under',
    description: 'For anyone signed in to the portal (requesters included): names in the admin\'s order, without ticket counts.',
  })
  @ApiOkResponse({ type: [CategorySummaryDto] })
  async list(@Auth() auth: AuthContext): Promise<CategorySummaryDto[]> {
    return (await this.categories.list(auth.tenantId)).map(({ id, name }) => ({ id, name }));
  }
}
