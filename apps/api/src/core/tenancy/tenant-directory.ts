import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '@central-tickets/contracts';
import { InvalidationService } from '../cache/invalidation.service';
import { TtlCache } from '../cache/ttl-cache';
import { type AppConfig, portalOrigin } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { TenantDirectoryRepository, type TenantProfile } from './tenant-directory.repository';

export type { TenantProfile } from './tenant-directory.repository';

/** What a request's host is: the platform, a tenant's portal, or nobody we know. */
export type Site =
  | { readonly kind: 'platform' }
  | { readonly kind: 'portal'; readonly tenant: TenantProfile; readonly hostname: string }
  | { readonly kind: 'unknown'; readonly hostname: string };

const TTL_MS = 60_000;
/** Unknown host names are remembered briefly, so a flood of made-up hosts costs few queries. */
const UNKNOWN_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/** The host name of a `Host` header (lower case, without the port; IPv6 keeps its brackets). */
export function hostnameOf(host: string | undefined): string {
  const h = (host ?? '').trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.replace(/:\d*$/, '');
}

const HOSTNAME = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;
const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/;

/**
 * Finds tenants by slug and by host, with a short-lived cache dropped on every instance when a
 * tenant's settings or domains change (InvalidationService).
 *
 * Hosts: the platform host (`PUBLIC_BASE_URL`, and IP literals and `localhost` for probes on
 * the machine itself), `{slug}.{TENANT_BASE_DOMAIN}` (a tenant's own subdomain, verified by
 * construction), or a custom domain once DNS-verified. Anything else is unknown.
 */
@Injectable()
export class TenantDirectory {
  private readonly slugs = new TtlCache<string, TenantProfile>(TTL_MS, MAX_ENTRIES);
  private readonly hosts = new TtlCache<string, TenantProfile | null>(TTL_MS, MAX_ENTRIES);
  private readonly originTrust = new TtlCache<string, boolean>(TTL_MS, MAX_ENTRIES);
  /** Per profile (profiles are replaced, never changed, when a tenant changes). */
  private readonly trusted = new WeakMap<TenantProfile, ReadonlySet<string>>();
  private readonly platformHostname: string;
  private readonly portalSuffix: string;

  constructor(
    private readonly repo: TenantDirectoryRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    invalidation: InvalidationService,
  ) {
    this.platformHostname = new URL(config.publicBaseUrl).hostname.toLowerCase();
    this.portalSuffix = `.${config.tenantBaseDomain}`;
    invalidation.subscribe((message) => {
      if (message.kind === 'all' || message.kind === 'tenant') this.originTrust.clear();
      if (message.kind === 'all') {
        this.slugs.clear();
        this.hosts.clear();
      } else if (message.kind === 'tenant') {
        this.slugs.deleteWhere((t) => t.id === message.tenantId);
        // A domain verified just now may be remembered as unknown: forget those too.
        this.hosts.deleteWhere((t) => t === null || t.id === message.tenantId);
      }
    });
  }

  async bySlug(slug: string): Promise<TenantProfile | null> {
    // Whatever a URL or body brings: only a well-formed slug is worth a query.
    if (slug.length > SLUG_MAX_LENGTH || !SLUG_PATTERN.test(slug)) return null;
    const cached = this.slugs.get(slug);
    if (cached) return cached;
    const tenant = await this.repo.bySlug(slug);
    if (tenant) this.slugs.set(slug, tenant);
    return tenant;
  }

  /** The site a `Host` header names. */
  async site(host: string | undefined): Promise<Site> {
    const hostname = hostnameOf(host);
    if (hostname === this.platformHostname || hostname === 'localhost' || IP_LITERAL.test(hostname)) {
      return { kind: 'platform' };
    }
    if (hostname.endsWith(this.portalSuffix)) {
      const slug = hostname.slice(0, -this.portalSuffix.length);
      const tenant = slug.includes('.') ? null : await this.bySlug(slug);
      return tenant ? { kind: 'portal', tenant, hostname } : { kind: 'unknown', hostname };
    }
    if (!HOSTNAME.test(hostname)) return { kind: 'unknown', hostname };
    let tenant = this.hosts.get(hostname);
    if (tenant === undefined) {
      tenant = await this.repo.byVerifiedHost(hostname);
      if (tenant) this.hosts.set(hostname, tenant);
      else this.hosts.set(hostname, null, UNKNOWN_TTL_MS);
    }
    return tenant ? { kind: 'portal', tenant, hostname } : { kind: 'unknown', hostname };
  }

  /** The tenant's own portal origin (its subdomain of TENANT_BASE_DOMAIN). */
  portalOrigin(tenant: Pick<TenantProfile, 'slug'>): string {
    return portalOrigin(this.config, tenant.slug);
  }

  /** The origin of a portal host name, with the platform's scheme and port. */
  originOfHost(hostname: string): string {
    const base = new URL(this.config.publicBaseUrl);
    const isSubdomain = hostname.endsWith(this.portalSuffix);
    // Custom domains are served on the default port behind the TLS proxy; subdomains keep the platform's.
    return `${base.protocol}//${hostname}${isSubdomain && base.port ? `:${base.port}` : ''}`;
  }

  /**
   * Origins trusted as the tenant's own: its allowed origins, its verified domains and its
   * portal. (CORS, the `origin` trust mode and `redirect_url` all use this one list.)
   */
  trustedOrigins(tenant: TenantProfile): ReadonlySet<string> {
    let origins = this.trusted.get(tenant);
    if (!origins) {
      origins = new Set([
        ...tenant.allowedOrigins,
        ...tenant.verifiedHosts.map((h) => this.originOfHost(h)),
        this.portalOrigin(tenant),
      ]);
      this.trusted.set(tenant, origins);
    }
    return origins;
  }

  /** Whether some tenant trusts `origin` (answers CORS preflights that name no tenant). */
  async anyTrusts(origin: string): Promise<boolean> {
    const cached = this.originTrust.get(origin);
    if (cached !== undefined) return cached;
    const allowed = await this.repo.anyAllows(origin);
    this.originTrust.set(origin, allowed);
    return allowed;
  }
}

@Global()
@Module({
  providers: [TenantDirectory, TenantDirectoryRepository],
  exports: [TenantDirectory],
})
export class TenancyModule {}
