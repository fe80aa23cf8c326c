import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { safeEqual } from '../crypto/tokens';
import { AppException } from '../errors/app.exception';
import { siteOf } from '../tenancy/site';
import { TenantDirectory } from '../tenancy/tenant-directory';
import { MetricsService } from './metrics.service';

const LOOPBACK = /^(?:127\.|::1$|::ffff:127\.)/;

/**
 * `GET /metrics` for Prometheus: never on a tenant's portal host (the platform host, or a
 * replica's own address such as `api-1:3000`, which is how a scraper reaches each one). With
 * METRICS_TOKEN set, the scraper sends it as a bearer token; without one, only this machine may
 * read them, and only outside production. Anyone else gets the same 404 as a missing route.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly directory: TenantDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  async scrape(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!(await this.allowed(req))) throw AppException.notFound('The requested resource does not exist.');
    const body = await this.metrics.registry.metrics();
    await reply.header('Content-Type', this.metrics.registry.contentType).header('Cache-Control', 'no-store').send(body);
  }

  private async allowed(req: FastifyRequest): Promise<boolean> {
    if ((await siteOf(req, this.directory)).kind === 'portal') return false;
    const token = this.config.metricsToken;
    if (token) {
      const presented = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      return safeEqual(presented, token);
    }
    return this.config.env !== 'production' && LOOPBACK.test(req.socket.remoteAddress ?? '');
  }
}
