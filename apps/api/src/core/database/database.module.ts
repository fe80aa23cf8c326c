import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { createDataSource, initializeDatabase } from './data-source';
import { PlatformDb } from './platform-db';
import { TenantDb } from './tenant-db';

@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => initializeDatabase(await createDataSource(config)),
    },
    TenantDb,
    PlatformDb,
  ],
  exports: [DataSource, TenantDb, PlatformDb],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Closes the pool (and the embedded database) after the HTTP server has drained. */
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
