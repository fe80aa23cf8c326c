import type { FastifyRequest } from 'fastify';

/** Who sent a request, as the security log records it. */
export interface RequestMeta {
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly origin: string | null;
  readonly correlationId: string | null;
}

const clip = (value: string | undefined, max: number) => (value ? value.slice(0, max) : null);

/** The client IP (from the socket, or `X-Forwarded-For` only when TRUST_PROXY is set: Fastify's `trustProxy`). */
export function requestMeta(req: FastifyRequest): RequestMeta {
  const origin = req.headers.origin;
  return {
    ip: req.ip ?? null,
    userAgent: clip(req.headers['user-agent'], 512),
    origin: clip(typeof origin === 'string' ? origin : undefined, 512),
    correlationId: req.id ? String(req.id) : null,
  };
}
