import { Global, Module } from '@nestjs/common';
import { SecurityEventsController } from './security-events.controller';
import { SecurityEventsRepository } from './security-events.repository';
import { SecurityEventsService } from './security-events.service';

/** Global: every module that authenticates someone writes to the security log. */
@Global()
@Module({
  controllers: [SecurityEventsController],
  providers: [SecurityEventsService, SecurityEventsRepository],
  exports: [SecurityEventsService],
})
export class SecurityEventsModule {}
