import { Controller, Get, HttpStatus, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ErrorCode } from '@central-tickets/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { Public } from '../core/auth/auth.decorators';
import { AppException } from '../core/errors/app.exception';
import { requirePortal, siteOf } from '../core/tenancy/site';
import { TenantDirectory } from '../core/tenancy/tenant-directory';
import { HASHED_ASSET } from './console-files';
import { CONSOLE_DIR } from './console-files';
import { applyWidgetPageHeaders, WIDGET_PAGE_PATH } from '../widget/widget-framing';

const notFound = () => AppException.notFound('The requested resource does not exist.');

/** Paths that are never the console's, whatever the host. */
const NOT_CONSOLE = /^\/(?:api|auth)(?:\/|$)/;

/** The console's pages on the platform host (its files are served there too, for them). */
const PLATFORM_PAGES = new Set(['/signup']);

/**
 * The console (the Angular SPA) on every tenant portal host: files of its build, hashed ones
 * cached for a year; any other path without a file extension is a deep link and gets
 * `index.html` (never cached, so a new release is picked up at once). On the platform host,
 * only the sign-up page. Unknown hosts, `/api/*` and `/auth/*` stay 404 in the API's envelope.
 */
@ApiExcludeController()
@Controller()
export class ConsoleController {
  constructor(
    private readonly directory: TenantDirectory,
    @Inject(CONSOLE_DIR) private readonly root: string | null,
  ) {}

  @Get('*')
  @Public()
  async serve(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const path = decodeURIComponent(req.url.split('?')[0] ?? '/');
    if (NOT_CONSOLE.test(path)) throw notFound();
    const onPlatform = (await siteOf(req, this.directory)).kind === 'platform';
    if (onPlatform && !extname(path) && !PLATFORM_PAGES.has(path)) throw notFound();
    const portal = onPlatform ? null : await requirePortal(req, this.directory);
    if (!this.root) {
      throw new AppException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.ServiceUnavailable, 'The console is not built.', { details: 'Run `npx nx build admin` (npm start does).' });
    }
    const file = normalize(path).replace(/^([/\\])+/, '');
    if (extname(file)) {
      const full = join(this.root, file);
      if (!full.startsWith(this.root) || !existsSync(full) || !statSync(full).isFile()) throw notFound();
      const immutable = HASHED_ASSET.test(file);
      await reply.sendFile(file, this.root, immutable ? { maxAge: '365d', immutable: true } : { maxAge: 0 });
      return;
    }
    // The support widget's page may be framed by the tenant's own sites (every other page: helmet's frame-ancestors 'self').
    if (portal && path === WIDGET_PAGE_PATH) applyWidgetPageHeaders(reply, this.directory, portal.tenant);
    await reply.header('Cache-Control', 'no-cache').sendFile('index.html', this.root, { cacheControl: false });
  }
}
