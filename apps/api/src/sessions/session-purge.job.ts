import { Injectable } from '@nestjs/common';
import { JobsLeader } from '../core/jobs/jobs-leader';
import { PeriodicJob } from '../core/jobs/periodic-job';
import { SessionsService } from './sessions.service';

const EVERY_MS = 10 * 60_000;

/** Deletes expired sessions and spent-token entries every ten minutes, on the leading instance. */
@Injectable()
export class SessionPurgeJob extends PeriodicJob {
  constructor(
    private readonly sessions: SessionsService,
    leader: JobsLeader,
  ) {
    super(leader, EVERY_MS);
  }

  protected work(): Promise<Record<string, number>> {
    return this.sessions.purgeExpired();
  }
}
