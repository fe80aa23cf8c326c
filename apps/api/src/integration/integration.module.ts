import { Module } from '@nestjs/common';
import { IntegrationController } from './integration.controller';
import { IntegrationService } from './integration.service';

/** The integration guide (`/integration`) and its examples. */
@Module({
  controllers: [IntegrationController],
  providers: [IntegrationService],
})
export class IntegrationModule {}
