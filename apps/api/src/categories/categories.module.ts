import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { CategoriesController } from './categories.controller';
import { CategoriesRepository } from './categories.repository';
import { CategoriesService } from './categories.service';
import { PortalCategoriesController } from './portal-categories.controller';

@Module({
  imports: [TenantsModule],
  controllers: [CategoriesController, PortalCategoriesController],
  providers: [CategoriesService, CategoriesRepository],
})
export class CategoriesModule {}
