import { Injectable } from '@nestjs/common';
import { JobsLeader } from '../core/jobs/jobs-leader';
import { PeriodicJob } from '../core/jobs/periodic-job';
import { IdempotencyRepository } from './idempotency.repository';
import { IDEMPOTENCY_TTL_HOURS } from './idempotency.service';

const EVERY_MS = 60 * 60_000;

/** Deletes idempotency keys past their 24 hours, every hour, on the leading instance. */
@Injectable()
export class IdempotencyPurgeJob extends PeriodicJob {
  constructor(
    private readonly repo: IdempotencyRepository,
    leader: JobsLeader,
  ) {
    super(leader, EVERY_MS);
  }

  protected async work(): Promise<Record<string, number>> {
    return { idempotency_keys: await this.repo.purgeExpired(IDEMPOTENCY_TTL_HOURS) };
  }
}
