import { Injectable } from '@nestjs/common';
import type { RedirectAuthMode } from '@central-tickets/contracts';
import { PlatformDb } from '../database/platform-db';

/** What the sign-in flows, CORS and host routing need to know of a tenant. */
export interface TenantProfile {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly redirectAuth: RedirectAuthMode;
  readonly allowedOrigins: readonly string[];
  readonly testMode: boolean;
  /** Custom domains whose DNS verification succeeded. */
  readonly verifiedHosts: readonly string[];
  /** Custom domains added but not (yet) verified: they get neither tokens nor redirects. */
  readonly unverifiedHosts: readonly string[];
}

interface ProfileRow {
  id: string;
  slug: string;
  name: string;
  redirect_auth: RedirectAuthMode;
  allowed_origins: string[];
  test_mode: boolean;
  verified_hosts: string[];
  unverified_hosts: string[];
}

const PROFILE = `SELECT t.id, t.slug, t.name, t.redirect_auth, t.allowed_origins, t.test_mode,
    coalesce(array_agg(d.hostname ORDER BY d.hostname) FILTER (WHERE d.verified_at IS NOT NULL), '{}') AS verified_hosts,
    coalesce(array_agg(d.hostname ORDER BY d.hostname) FILTER (WHERE d.id IS NOT NULL AND d.verified_at IS NULL), '{}') AS unverified_hosts
  FROM tenants t LEFT JOIN domains d ON d.tenant_id = t.id`;

const toProfile = (r: ProfileRow): TenantProfile => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  redirectAuth: r.redirect_auth,
  allowedOrigins: r.allowed_origins,
  testMode: r.test_mode,
  verifiedHosts: r.verified_hosts,
  unverifiedHosts: r.unverified_hosts,
});

/**
 * Platform reads that find a tenant before any tenant is known: by the slug in a URL, or by
 * the verified custom domain a request arrived on. They run outside any tenant scope by
 * design (docs/ARCHITECTURE.md, "Two walls"), and return only that one tenant.
 */
@Injectable()
export class TenantDirectoryRepository {
  constructor(private readonly platform: PlatformDb) {}

  async bySlug(slug: string): Promise<TenantProfile | null> {
    const [row] = await this.platform.query<ProfileRow>(`${PROFILE} WHERE t.slug = $1 GROUP BY t.id`, [slug]);
    return row ? toProfile(row) : null;
  }

  async byVerifiedHost(hostname: string): Promise<TenantProfile | null> {
    const [row] = await this.platform.query<ProfileRow>(
      `${PROFILE} WHERE t.id = (SELECT tenant_id FROM domains WHERE hostname = $1 AND verified_at IS NOT NULL) GROUP BY t.id`,
      [hostname],
    );
    return row ? toProfile(row) : null;
  }

  /** Whether any tenant lists `origin` among its allowed origins (CORS preflights of the platform host). */
  async anyAllows(origin: string): Promise<boolean> {
    const rows = await this.platform.query(`SELECT 1 FROM tenants WHERE $1 = ANY (allowed_origins) LIMIT 1`, [origin]);
    return rows.length > 0;
  }
}
