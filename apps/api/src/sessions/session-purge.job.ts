import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SessionsService } from './sessions.service';

const EVERY_MS = 10 * 60_000;

/**
 * Deletes expired sessions and spent-token entries every ten minutes. Idempotent, so several
 * instances running it is harmless (issue 7 elects one).
 */
@Injectable()
export class SessionPurgeJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SessionPurgeJob.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly sessions: SessionsService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.run(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async run(): Promise<void> {
    try {
      const purged = await this.sessions.purgeExpired();
      if (purged.sessions || purged.tokens) this.logger.log(purged, 'purged expired sessions and spent tokens');
    } catch (err) {
      this.logger.warn({ err }, 'session purge failed; will try again');
    }
  }
}
