import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { CONSOLE_DIR, consoleDirectory } from './console-files';

@Module({
  controllers: [ConsoleController],
  providers: [{ provide: CONSOLE_DIR, inject: [APP_CONFIG], useFactory: (config: AppConfig) => consoleDirectory(config.adminDistDir) }],
})
export class PortalModule {}
