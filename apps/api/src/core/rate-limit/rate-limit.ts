import { ExecutionContext, HttpStatus, Inject, Injectable, Logger, Module, type OnModuleDestroy, SetMetadata } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModule,
  ThrottlerModuleOptions,
  ThrottlerRequest,
  ThrottlerStorage,
  ThrottlerStorageService,
} from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '@central-tickets/contracts';
import { SecurityEventsService } from '../../security-events/security-events.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { TtlCache } from '../cache/ttl-cache';
import { AppException } from '../errors/app.exception';
import { requestMeta } from '../http/request-meta';
import { siteOf } from '../tenancy/site';
import { TenantDirectory, type TenantProfile } from '../tenancy/tenant-directory';

/** The buckets requests are counted in; a route joins one with {@link RateLimit}. */
export type RateLimitBucket = 'signup' | 'auth-redirect' | 'auth-redirect-test' | 'jwt-login' | 'api-tokens' | 'login';

const BUCKET = 'ct:rate-limit-bucket';
const HOUR = 3_600_000;

/** Counts the route's requests per client IP in `bucket` (routes may share a bucket). */
export const RateLimit = (bucket: RateLimitBucket) => SetMetadata(BUCKET, bucket);

export function bucketLimits(config: AppConfig): Record<RateLimitBucket, { limit: number; ttl: number }> {
  return {
    signup: { limit: config.rateLimits.signupPerHour, ttl: HOUR },
    'auth-redirect': { limit: config.rateLimits.redirectPerHour, ttl: HOUR },
    'auth-redirect-test': { limit: config.rateLimits.redirectPerHour, ttl: HOUR },
    'jwt-login': { limit: config.rateLimits.jwtLoginPerHour, ttl: HOUR },
    'api-tokens': { limit: config.rateLimits.apiTokensPerHour, ttl: HOUR },
    login: { limit: config.rateLimits.loginPerHour, ttl: HOUR },
  };
}

/**
 * @nestjs/throttler with one throttler whose limit and window come from the route's bucket.
 * Answers carry `X-RateLimit-Limit`, `X-RateLimit-Remaining` and, over the limit, a 429 in
 * the contract's envelope with `retry_after` and `Retry-After`.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly limits: Record<RateLimitBucket, { limit: number; ttl: number }>;
  private readonly logged = new TtlCache<string, true>(HOUR, 10_000);

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly directory: TenantDirectory,
    private readonly events: SecurityEventsService,
  ) {
    super(options, storage, reflector);
    this.limits = bucketLimits(config);
  }

  private bucketOf(context: ExecutionContext): RateLimitBucket | undefined {
    return this.reflector.getAllAndOverride<RateLimitBucket>(BUCKET, [context.getHandler(), context.getClass()]);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return this.bucketOf(context) === undefined;
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const bucket = this.bucketOf(props.context) as RateLimitBucket;
    const { limit, ttl } = this.limits[bucket];
    const { req, res } = this.getRequestResponse(props.context) as { req: FastifyRequest; res: FastifyReply };
    const key = `${bucket}:${req.ip ?? 'unknown'}`;
    const { totalHits, timeToBlockExpire, isBlocked } = await this.storageService.increment(
      key,
      ttl,
      limit,
      ttl,
      bucket,
    );
    void res.header('X-RateLimit-Limit', String(limit));
    void res.header('X-RateLimit-Remaining', String(Math.max(0, limit - totalHits)));
    if (isBlocked) {
      // The first refusal of a block goes to the tenant's security log (not every one: a
      // flood must not turn into a flood of writes). Remembered per instance.
      if (!this.logged.get(key)) {
        this.logged.set(key, true, Math.max(1, timeToBlockExpire) * 1000);
        await this.recordHit(req, bucket, limit);
      }
      await this.throwThrottlingException(props.context, {
        limit,
        ttl,
        key,
        tracker: req.ip ?? '',
        totalHits,
        timeToExpire: timeToBlockExpire,
        isBlocked,
        timeToBlockExpire,
      });
    }
    return true;
  }

  /** The tenant a limited request was for: the slug in its path or body, or its portal host. */
  private async tenantOf(req: FastifyRequest): Promise<TenantProfile | null> {
    const params = req.params as Record<string, unknown> | undefined;
    const body = req.body as Record<string, unknown> | undefined;
    const slug = params?.['tenant_slug'] ?? (body && typeof body === 'object' ? body['tenant_slug'] : undefined);
    if (typeof slug === 'string' && slug.length <= 40) return this.directory.bySlug(slug);
    const site = await siteOf(req, this.directory);
    return site.kind === 'portal' ? site.tenant : null;
  }

  private async recordHit(req: FastifyRequest, bucket: RateLimitBucket, limit: number): Promise<void> {
    const tenant = await this.tenantOf(req).catch(() => null);
    if (!tenant) return;
    await this.events.record(tenant.id, requestMeta(req), {
      kind: 'rate_limited',
      code: ErrorCode.RateLimited,
      details: `${limit} requests an hour per IP reached on ${bucket}.`,
    });
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    throw new AppException(HttpStatus.TOO_MANY_REQUESTS, ErrorCode.RateLimited, 'Too many requests.', {
      retryAfter,
      details: `Limit of ${detail.limit} requests reached; try again in ${retryAfter} seconds.`,
    });
  }
}

/**
 * Redis counters (@nest-lab/throttler-storage-redis), shared by every instance. While Redis
 * does not answer, this instance counts in memory and says so in the log: limits stay on
 * (per instance) and requests are not failed for want of a counter.
 */
export class SharedStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly redis: ThrottlerStorageRedisService;
  private readonly fallback = new ThrottlerStorageService();
  private readonly logger = new Logger('RateLimit');
  private warned = false;

  constructor(url: string) {
    this.redis = new ThrottlerStorageRedisService(url, { keyPrefix: 'ct:rl:', maxRetriesPerRequest: 1, connectTimeout: 2000 });
    this.redis.redis.on('error', () => undefined); // reported below, once per outage
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, name: string) {
    try {
      const record = await this.redis.increment(key, ttl, limit, blockDuration, name);
      this.warned = false;
      return record;
    } catch (err) {
      if (!this.warned) this.logger.warn({ err }, 'Redis does not answer: counting rate limits in memory until it does');
      this.warned = true;
      return this.fallback.increment(key, ttl, limit, blockDuration, name);
    }
  }

  onModuleDestroy(): void {
    this.redis.onModuleDestroy();
    this.fallback.onApplicationShutdown();
  }
}

/**
 * Counters live in Redis when REDIS_URL is set, so every instance counts against the same
 * limit; otherwise in this process's memory (right for one instance).
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // The limits are per bucket (see RateLimitGuard); this entry only names the throttler.
        throttlers: [{ name: 'default', limit: 1, ttl: HOUR }],
        ...(config.redisUrl && { storage: new SharedStorage(config.redisUrl) }),
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
