import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { siteOf } from '../tenancy/site';
import type { TenantDirectory, TenantProfile } from '../tenancy/tenant-directory';

/** Platform routes a tenant's browser code may call, with the tenant named in the path. */
const REDIRECT_PATH = /^\/api\/(?:test\/)?auth\/redirect\/([a-z0-9-]{1,40})\/?(?:\?|$)/;
const JWT_LOGIN_PATH = /^\/api\/jwt\/login\/?(?:\?|$)/;

const ALLOWED_HEADERS = ['Accept', 'Authorization', 'Content-Type', 'Idempotency-Key', 'X-CSRF-Token', 'X-Correlation-Id', 'X-Tenant-API-Token'];
const EXPOSED_HEADERS = ['Retry-After', 'X-Correlation-Id', 'X-RateLimit-Limit', 'X-RateLimit-Remaining'];

/**
 * CORS per tenant (CONTRACT, "CORS"): a browser origin gets `Access-Control-Allow-Origin` (that
 * origin, never `*`) and `Access-Control-Allow-Credentials: true` only when it is trusted by the
 * tenant the request is for — its allowed origins, its verified domains or its portal. The
 * tenant is the portal host's, or on the platform host the slug of the sign-in route. For
 * anyone else the CORS headers are simply absent.
 */
export class CorsPolicy {
  constructor(private readonly directory: TenantDirectory) {}

  async allows(req: FastifyRequest, origin: string): Promise<boolean> {
    const site = await siteOf(req, this.directory);
    if (site.kind === 'portal') return this.trusts(site.tenant, origin);
    if (site.kind !== 'platform') return false;
    const redirect = REDIRECT_PATH.exec(req.url);
    if (redirect) {
      const tenant = await this.directory.bySlug(redirect[1]);
      return tenant !== null && this.trusts(tenant, origin);
    }
    if (JWT_LOGIN_PATH.test(req.url)) {
      // A preflight has no body yet: any tenant's origin may ask; the POST itself answers
      // with CORS headers only when the body's tenant trusts the origin.
      if (req.method === 'OPTIONS') return this.directory.anyTrusts(origin);
      const slug = (req.body as { tenant_slug?: unknown } | undefined)?.tenant_slug;
      const tenant = typeof slug === 'string' && slug.length <= 40 ? await this.directory.bySlug(slug) : null;
      return tenant !== null && this.trusts(tenant, origin);
    }
    return false;
  }

  private trusts(tenant: TenantProfile, origin: string): boolean {
    return this.directory.trustedOrigins(tenant).has(origin);
  }
}

export async function registerCors(app: NestFastifyApplication, directory: TenantDirectory): Promise<void> {
  const policy = new CorsPolicy(directory);
  const options: FastifyCorsOptions = {
    // After the body is parsed, so JWT login can name its tenant in the body.
    hook: 'preHandler',
    delegator: (req, callback) => {
      const origin = req.headers.origin;
      if (!origin) return callback(null, { origin: false });
      policy.allows(req as FastifyRequest, origin).then(
        (allowed) =>
          callback(null, {
            origin: allowed ? origin : false,
            credentials: allowed,
            methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
            allowedHeaders: ALLOWED_HEADERS,
            exposedHeaders: EXPOSED_HEADERS,
            maxAge: 600,
          }),
        (err: Error) => callback(err),
      );
    },
  };
  await app.register(cors, options);
}
