import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { JobsLeader } from './jobs-leader';

/**
 * A background job that runs every `everyMs` on the instance that leads (JobsLeader): never on
 * two instances at once. A failed run is logged and tried again at the next turn.
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly jobLogger = new Logger(this.constructor.name);
  private timer: NodeJS.Timeout | null = null;

  protected constructor(
    private readonly leader: JobsLeader,
    private readonly everyMs: number,
  ) {}

  /** The work; what it answers (counts of what it did) is logged when anything is non-zero. */
  protected abstract work(): Promise<Record<string, number>>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.run(), this.everyMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One turn; false when another instance leads. */
  async run(): Promise<boolean> {
    if (!this.leader.isLeader()) return false;
    try {
      const done = await this.work();
      if (Object.values(done).some((n) => n > 0)) this.jobLogger.log(done, 'background job done');
    } catch (err) {
      this.jobLogger.warn({ err }, 'background job failed; will try again');
    }
    return true;
  }
}
