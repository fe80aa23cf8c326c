import { DynamicModule, Module } from '@nestjs/common';
import { coreModules, FEATURE_MODULES } from '../app/app.module';
import type { AppConfig } from '../core/config/app-config';
import { JobsModule } from '../core/jobs/jobs.module';
import {
  AddDomainCommand,
  CreateTokenCommand,
  DomainsCommand,
  RotateSecretCommand,
  SecretsCommand,
  TokensCommand,
} from './credentials.commands';
import { ExportTenantCommand, ImportTenantCommand } from './tenant-data.commands';
import { TenantDataRepository } from './tenant-data.repository';
import { TenantDataService } from './tenant-data.service';
import { CreateTenantCommand, ListTenantsCommand, TenantsCommand } from './tenants.command';

/** The operator CLI: the application's own services, without the HTTP server. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [...coreModules(config), JobsModule.forRoot({ lead: false }), ...FEATURE_MODULES],
      providers: [
        TenantsCommand,
        CreateTenantCommand,
        ListTenantsCommand,
        ExportTenantCommand,
        ImportTenantCommand,
        TenantDataService,
        TenantDataRepository,
        TokensCommand,
        CreateTokenCommand,
        SecretsCommand,
        RotateSecretCommand,
        DomainsCommand,
        AddDomainCommand,
      ],
    };
  }
}
