import { Module } from '@nestjs/common';
import { DomainsModule } from '../domains/domains.module';
import { UsersModule } from '../users/users.module';
import { JwtSecretsRepository } from './jwt-secrets.repository';
import { JwtSecretsService } from './jwt-secrets.service';
import { SignupController } from './signup.controller';
import { TenantController, TenantSettingsController } from './tenant.controller';
import { TenantsRepository } from './tenants.repository';
import { TenantsService } from './tenants.service';

@Module({
  imports: [UsersModule, DomainsModule],
  controllers: [SignupController, TenantController, TenantSettingsController],
  providers: [TenantsService, TenantsRepository, JwtSecretsService, JwtSecretsRepository],
  exports: [TenantsService, JwtSecretsService, TenantsRepository],
})
export class TenantsModule {}
