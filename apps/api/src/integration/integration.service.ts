import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type AppConfig, portalOrigin } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { requirePortal, siteOf, tenantNotFound } from '../core/tenancy/site';
import { TenantDirectory } from '../core/tenancy/tenant-directory';
import { type ExampleValues, fillTemplate, INTEGRATION_EXAMPLES } from './integration-examples';
import { type IntegrationPageContext, renderIntegrationPage } from './integration-page';

/** The slug the platform host's page shows in its examples. */
export const EXAMPLE_SLUG = 'your-tenant';

/** A snippet filled in for one tenant, as the console shows it. */
export interface IntegrationSnippet {
  id: string;
  section: string;
  language: string;
  runtime: string;
  title: string;
  summary: string;
  filename: string | null;
  code: string;
}

export interface IntegrationSnippets {
  tenant_slug: string;
  portal_url: string;
  platform_url: string;
  /** This tenant's integration guide: `{portal}/integration`. */
  guide_url: string;
  snippets: IntegrationSnippet[];
}

/**
 * The integration guide and its examples, filled in with the values of the request's host: a
 * tenant's portal gets its slug and addresses, the platform host example values. The portal's
 * address is the host the request came to (its subdomain, or a verified custom domain).
 */
@Injectable()
export class IntegrationService {
  constructor(
    private readonly directory: TenantDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async page(req: FastifyRequest): Promise<string> {
    const site = await siteOf(req, this.directory);
    if (site.kind === 'unknown') throw tenantNotFound();
    const tenant = site.kind === 'portal' ? site.tenant : null;
    const values: ExampleValues =
      site.kind === 'portal'
        ? this.valuesOf(site.tenant.slug, this.directory.originOfHost(site.hostname))
        : this.valuesOf(EXAMPLE_SLUG, portalOrigin(this.config, EXAMPLE_SLUG));
    const context: IntegrationPageContext = {
      values,
      tenantName: tenant?.name ?? null,
      portalPagePattern: `${portalOrigin(this.config, '{slug}')}/integration`,
      rateLimits: this.config.rateLimits,
    };
    return renderIntegrationPage(context);
  }

  async snippets(req: FastifyRequest): Promise<IntegrationSnippets> {
    const site = await requirePortal(req, this.directory);
    const values = this.valuesOf(site.tenant.slug, this.directory.originOfHost(site.hostname));
    return {
      tenant_slug: values.tenant_slug,
      portal_url: values.portal_url,
      platform_url: values.platform_url,
      guide_url: `${values.portal_url}/integration`,
      snippets: INTEGRATION_EXAMPLES.map((e) => ({
        id: e.id,
        section: e.section,
        language: e.language,
        runtime: e.runtime,
        title: e.title,
        summary: e.summary,
        filename: e.filename ?? null,
        code: fillTemplate(e.template, values),
      })),
    };
  }

  private valuesOf(slug: string, portalUrl: string): ExampleValues {
    return { tenant_slug: slug, portal_url: portalUrl, platform_url: new URL(this.config.publicBaseUrl).origin };
  }
}
