import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@central-tickets/contracts';
import type { FastifyRequest } from 'fastify';
import { AppException } from '../errors/app.exception';
import type { Site, TenantDirectory } from './tenant-directory';

type WithSite = FastifyRequest & { site?: Promise<Site> };

/**
 * The site of the request's host (`Host`, or `X-Forwarded-Host` when TRUST_PROXY is set:
 * Fastify's `request.host`), resolved once per request.
 */
export function siteOf(req: FastifyRequest, directory: TenantDirectory): Promise<Site> {
  const r = req as WithSite;
  r.site ??= directory.site(req.host);
  return r.site;
}

export const tenantNotFound = () =>
  new AppException(HttpStatus.NOT_FOUND, ErrorCode.TenantNotFound, 'Tenant not found.', {
    details: 'The specified tenant does not exist.',
  });

/** The portal the request arrived on, or a 404 `TENANT_NOT_FOUND` (never another tenant's data). */
export async function requirePortal(
  req: FastifyRequest,
  directory: TenantDirectory,
): Promise<Extract<Site, { kind: 'portal' }>> {
  const site = await siteOf(req, directory);
  if (site.kind !== 'portal') {
    throw new AppException(HttpStatus.NOT_FOUND, ErrorCode.TenantNotFound, 'Tenant not found.', {
      details: 'This address is served on a tenant portal host ({slug}.{TENANT_BASE_DOMAIN} or a verified custom domain).',
    });
  }
  return site;
}
