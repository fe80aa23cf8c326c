import { ExecutionContext, HttpStatus, Inject, Injectable, Module, SetMetadata } from '@nestjs/common';
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
} from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '@central-tickets/contracts';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AppException } from '../errors/app.exception';

/** The buckets requests are counted in; a route joins one with {@link RateLimit}. */
export type RateLimitBucket = 'signup';

const BUCKET = 'ct:rate-limit-bucket';
const HOUR = 3_600_000;

/** Counts the route's requests per client IP in `bucket` (routes may share a bucket). */
export const RateLimit = (bucket: RateLimitBucket) => SetMetadata(BUCKET, bucket);

export function bucketLimits(config: AppConfig): Record<RateLimitBucket, { limit: number; ttl: number }> {
  return {
    signup: { limit: config.rateLimits.signupPerHour, ttl: HOUR },
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

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
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

@Module({
  imports: [
    ThrottlerModule.forRoot({
      // The limits are per bucket (see RateLimitGuard); this entry only names the throttler.
      throttlers: [{ name: 'default', limit: 1, ttl: HOUR }],
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
