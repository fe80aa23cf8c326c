import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { UsersModule } from '../users/users.module';
import { PortalTicketsController } from './portal-tickets.controller';
import { PortalTicketsService } from './portal-tickets.service';
import { TicketsController } from './tickets.controller';
import { TicketsRepository } from './tickets.repository';
import { TicketsService } from './tickets.service';

@Module({
  imports: [UsersModule, IdempotencyModule],
  controllers: [TicketsController, PortalTicketsController],
  providers: [PortalTicketsService, TicketsService, TicketsRepository],
  exports: [TicketsService],
})
export class TicketsModule {}
