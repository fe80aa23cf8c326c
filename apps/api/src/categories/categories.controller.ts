import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CategoryDto, CreateCategoryDto, UpdateCategoryDto } from '@central-tickets/contracts';
import { Auth, type AuthContext } from '../core/auth/auth-context';
import { TenantApi } from '../core/auth/auth.decorators';
import { IdParam, parseUuidOr422 } from '../core/http/uuid-param';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { CategoriesService } from './categories.service';

@ApiTags('Categories')
@Controller('api/categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Get()
  @TenantApi()
  @ApiOperation({ summary: 'List categories', description: 'In the order the admin set, with how many tickets each has. Any scope.' })
  @ApiOkResponse({ type: [CategoryDto] })
  list(@Auth() auth: AuthContext): Promise<CategoryDto[]> {
    return this.categories.list(auth.tenantId);
  }

  @Post()
  @TenantApi('admin')
  @ApiOperation({ summary: 'Create a category', description: 'At `position` (0 is first), or at the end.' })
  @ApiCreatedResponse({ type: CategoryDto })
  @ApiErrors([400, 409, 422])
  create(@Auth() auth: AuthContext, @Body() dto: CreateCategoryDto): Promise<CategoryDto> {
    return this.categories.create(auth.tenantId, dto);
  }

  @Put(':id')
  @TenantApi('admin')
  @ApiOperation({ summary: 'Rename or move a category', description: 'Send `name`, `position`, or both; the others shift to make room.' })
  @ApiOkResponse({ type: CategoryDto })
  @ApiErrors([400, 404, 409, 422])
  update(@Auth() auth: AuthContext, @IdParam() id: string, @Body() dto: UpdateCategoryDto): Promise<CategoryDto> {
    return this.categories.update(auth.tenantId, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @TenantApi('admin')
  @ApiOperation({
    summary: 'Delete a category',
    description:
      'A category that tickets use is not deleted silently: the answer is a 409 with the count, unless `reassign_to` names another category, to which the tickets move (each move is in the ticket\'s history).',
  })
  @ApiQuery({ name: 'reassign_to', required: false, description: 'Another category to move its tickets to.', example: '8d3c2a1b-4e5f-4a6b-9c7d-0e1f2a3b4c5d' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors([404, 409, 422])
  async delete(@Auth() auth: AuthContext, @IdParam() id: string, @Query('reassign_to') reassignTo?: string): Promise<void> {
    await this.categories.delete(auth, id, reassignTo === undefined ? undefined : parseUuidOr422('reassign_to', reassignTo));
  }
}
