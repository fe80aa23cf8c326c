import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ApiTokensModule } from '../api-tokens/api-tokens.module';
import { AuthModule } from '../core/auth/auth.module';
import { CacheModule } from '../core/cache/cache.module';
import { ClockModule } from '../core/clock';
import type { AppConfig } from '../core/config/app-config';
import { ConfigModule } from '../core/config/config.module';
import { CryptoModule } from '../core/crypto/crypto.module';
import { DatabaseModule } from '../core/database/database.module';
import { AllExceptionsFilter } from '../core/errors/all-exceptions.filter';
import { LoggingModule } from '../core/logging/logging.module';
import { JobsModule } from '../core/jobs/jobs.module';
import { MetricsModule } from '../core/metrics/metrics.module';
import { RateLimitModule } from '../core/rate-limit/rate-limit';
import { DemoModule } from '../demo/demo.module';
import { PortalModule } from '../portal/portal.module';
import { CategoriesModule } from '../categories/categories.module';
import { DomainsModule } from '../domains/domains.module';
import { HealthModule } from '../health/health.module';
import { TenantsModule } from '../tenants/tenants.module';
import { TicketsModule } from '../tickets/tickets.module';
import { TeamModule } from '../team/team.module';
import { UsageModule } from '../usage/usage.module';
import { IntegrationModule } from '../integration/integration.module';
import { UsersModule } from '../users/users.module';
import { AuthRedirectModule } from '../auth-redirect/auth-redirect.module';
import { TenancyModule } from '../core/tenancy/tenant-directory';
import { JwtLoginModule } from '../jwt-login/jwt-login.module';
import { SecurityEventsModule } from '../security-events/security-events.module';
import { WidgetModule } from '../widget/widget.module';

/** The core every entry point (HTTP server, operator CLI) needs. */
export function coreModules(config: AppConfig) {
  return [
    ConfigModule.forRoot(config),
    ClockModule,
    CryptoModule,
    DatabaseModule,
    MetricsModule,
    CacheModule,
    TenancyModule,
    SecurityEventsModule,
    AuthModule,
  ];
}

/** The feature modules. */
export const FEATURE_MODULES = [
  TenantsModule,
  ApiTokensModule,
  DomainsModule,
  UsersModule,
  TeamModule,
  CategoriesModule,
  TicketsModule,
  JwtLoginModule,
  AuthRedirectModule,
  DemoModule,
  UsageModule,
  IntegrationModule,
  WidgetModule,
  // Last: its catch-all route serves the console on portal hosts.
  PortalModule,
];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [LoggingModule, ...coreModules(config), JobsModule.forRoot({ lead: true }), RateLimitModule, HealthModule, ...FEATURE_MODULES],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
