import { Controller, Get, HttpCode, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../core/auth/auth.decorators';
import { AppException } from '../core/errors/app.exception';
import { TenantDirectory } from '../core/tenancy/tenant-directory';

/** A DNS name: labels of letters, digits and hyphens (what a certificate may be issued for). */
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * The TLS proxy's question before it obtains a certificate on demand (Caddy's
 * `on_demand_tls { ask … }`): 200 only for names the platform serves — a tenant's portal
 * subdomain or one of its DNS-verified custom domains — so nobody can make the platform request
 * certificates for arbitrary names. For operators, not integrators: left out of the API docs.
 */
@ApiExcludeController()
@Controller('internal/tls')
export class TlsAskController {
  constructor(private readonly directory: TenantDirectory) {}

  @Get('ask')
  @HttpCode(200)
  @Public()
  async ask(@Query('domain') domain?: string): Promise<{ domain: string }> {
    const name = typeof domain === 'string' ? domain.trim().toLowerCase().replace(/\.$/, '') : '';
    if (!DOMAIN.test(name)) throw AppException.invalidField('domain', 'The domain field must be a DNS name.');
    const site = await this.directory.site(name);
    if (site.kind !== 'portal') throw AppException.notFound('This name is not served here.');
    return { domain: name };
  }
}
