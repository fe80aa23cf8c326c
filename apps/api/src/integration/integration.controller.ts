import { Controller, Get, Header, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../core/auth/auth.decorators';
import { type IntegrationSnippets, IntegrationService } from './integration.service';

/**
 * `/integration`: the integration guide as a page (server-rendered, no script), on the
 * platform host with example values and on each portal filled in for its tenant; and the same
 * examples as JSON for the console's snippets page, so the two cannot differ. Both public:
 * they hold no secret (the examples read secrets from the environment).
 */
@ApiExcludeController()
@Controller()
export class IntegrationController {
  constructor(private readonly integration: IntegrationService) {}

  @Get('integration')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  page(@Req() req: FastifyRequest): Promise<string> {
    return this.integration.page(req);
  }

  @Get('api/portal/integration-snippets')
  @Public()
  @Header('Cache-Control', 'no-cache')
  snippets(@Req() req: FastifyRequest): Promise<IntegrationSnippets> {
    return this.integration.snippets(req);
  }
}
