import { Module } from '@nestjs/common';
import { IdempotencyPurgeJob } from './idempotency-purge.job';
import { IdempotencyRepository } from './idempotency.repository';
import { IdempotencyService } from './idempotency.service';

@Module({ providers: [IdempotencyService, IdempotencyRepository, IdempotencyPurgeJob], exports: [IdempotencyService] })
export class IdempotencyModule {}
