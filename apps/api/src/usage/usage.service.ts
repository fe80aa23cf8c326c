import { Injectable } from '@nestjs/common';
import type { UsageDayDto, UsageDto, UsageGroupDto } from '@central-tickets/contracts';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import type { AuthContext } from '../core/auth/auth-context';
import { Clock } from '../core/clock';
import { TenantDb } from '../core/database/tenant-db';
import { SecurityEventsService } from '../security-events/security-events.service';
import { UsageRecorder } from './usage.recorder';
import { UsageRepository } from './usage.repository';

const DAY_MS = 86_400_000;
export const USAGE_DAYS_DEFAULT = 30;

/** A tenant's view of its own API use: per day, per endpoint group, and each token's last use. */
@Injectable()
export class UsageService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: UsageRepository,
    private readonly recorder: UsageRecorder,
    private readonly events: SecurityEventsService,
    private readonly tokens: ApiTokensService,
    private readonly clock: Clock,
  ) {}

  async usage(auth: AuthContext, days = USAGE_DAYS_DEFAULT): Promise<UsageDto> {
    // This instance's latest counts first, so a tenant sees its requests of a moment ago.
    await this.recorder.flush();
    const today = Date.parse(this.clock.now().toISOString().slice(0, 10));
    const period = Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
    const first = period[0] as string;
    const [rows, limited] = await this.db.run(auth.tenantId, (tx) =>
      Promise.all([this.repo.since(tx, first), this.events.countByDay(tx, 'rate_limited', new Date(first))]),
    );
    const byDay = new Map(period.map((day) => [day, { day, requests: 0, errors: 0, rate_limited: 0 } satisfies UsageDayDto]));
    const groups = new Map<string, UsageGroupDto>();
    for (const row of rows) {
      const requests = Number(row.requests);
      const day = byDay.get(row.day);
      if (day) {
        day.requests += requests;
        if (row.status_class === '4xx' || row.status_class === '5xx') day.errors += requests;
      }
      const key = `${row.endpoint_group}|${row.status_class}`;
      const group = groups.get(key) ?? { group: row.endpoint_group, status_class: row.status_class, requests: 0 };
      group.requests += requests;
      groups.set(key, group);
    }
    for (const { day, count } of limited) {
      const entry = byDay.get(day);
      if (entry) entry.rate_limited = count;
    }
    const tokens = (await this.tokens.list(auth.tenantId))
      .map(({ id, name, last_four, last_used_at }) => ({ id, name, last_four, last_used_at }))
      .sort((a, b) => (b.last_used_at ?? '').localeCompare(a.last_used_at ?? ''));
    return {
      days: [...byDay.values()],
      groups: [...groups.values()].sort((a, b) => b.requests - a.requests || a.group.localeCompare(b.group)),
      tokens,
    };
  }
}
