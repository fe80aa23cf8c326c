import { Injectable } from '@nestjs/common';
import { ErrorCode, type SecurityEventKind } from '@central-tickets/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { AuthenticatedRequest } from '../auth/auth-context';

/** How a sign-in ended, as operators count them. */
export type SignInOutcome = 'success' | 'expired' | 'replayed' | 'invalid' | 'refused_origin' | 'rate_limited';

/** The outcome a security event stands for; null for events that are not sign-in attempts. */
export function signInOutcome(kind: SecurityEventKind, code: string | null | undefined): SignInOutcome | null {
  switch (kind) {
    case 'login_succeeded':
      return 'success';
    case 'token_replayed':
      return 'replayed';
    case 'origin_refused':
      return 'refused_origin';
    case 'rate_limited':
      return 'rate_limited';
    case 'login_failed':
      return code === ErrorCode.TokenExpired ? 'expired' : 'invalid';
    case 'logout':
    case 'jwt_secret_rotated':
    case 'domain_verified':
    case 'member_invited':
    case 'invitation_accepted':
    case 'member_updated':
      return null;
  }
}

/** What the tenant API's paths are about: a short, bounded label. */
export function endpointGroup(route: string): string {
  const match = /^\/api\/(tenant|tickets|categories|agents|portal|me|logout|auth|jwt)(?:\/([a-z-]+))?/.exec(route);
  if (!match) return 'other';
  const [, first, second] = match;
  if (first === 'tenant') return second ? `tenant.${second}` : 'tenant';
  if (first === 'auth' || first === 'jwt') return 'sign-in';
  if (first === 'me' || first === 'logout') return 'session';
  return first as string;
}

const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

interface PoolLike {
  totalCount?: number;
  idleCount?: number;
  waitingCount?: number;
}

/**
 * The process's Prometheus metrics (prom-client, in a registry of its own): requests by route
 * and status with their latency, the tenant API's use per tenant, sign-in outcomes, the
 * database pool, and Node's own (event-loop lag, memory, GC). Recording is a counter increment
 * on the request's way out: nothing waits on it.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'ct_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'ct_http_request_duration_seconds',
    help: 'Time to answer, by method, route pattern and status class.',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly tenantRequests = new Counter({
    name: 'ct_tenant_api_requests_total',
    help: 'Requests of the tenant API (API token or console session), by tenant slug, endpoint group and status class.',
    labelNames: ['tenant', 'group', 'status_class'] as const,
    registers: [this.registry],
  });
  private readonly signIns = new Counter({
    name: 'ct_sign_ins_total',
    help: 'Sign-in attempts by method (redirect, jwt, password) and outcome.',
    labelNames: ['method', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor(dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'ct_' });
    const pool = () => (dataSource.driver as unknown as { master?: PoolLike }).master ?? {};
    const gauge = (name: string, help: string, read: (p: PoolLike) => number | undefined) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const value = read(pool());
          if (typeof value === 'number') this.set(value);
        },
      });
    gauge('ct_db_pool_connections', 'Database connections open in the pool.', (p) => p.totalCount);
    gauge('ct_db_pool_idle_connections', 'Database connections idle in the pool.', (p) => p.idleCount);
    gauge('ct_db_pool_waiting_requests', 'Queries waiting for a free connection.', (p) => p.waitingCount);
  }

  /** Called once per answered request (Fastify's onResponse hook). */
  observe(req: FastifyRequest, reply: FastifyReply): void {
    const route = req.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    this.requests.inc({ method: req.method, route, status: String(status) });
    this.latency.observe({ method: req.method, route, status_class: statusClass(status) }, reply.elapsedTime / 1000);
    const auth = (req as AuthenticatedRequest).auth;
    if (auth) this.tenantRequests.inc({ tenant: auth.tenantSlug, group: endpointGroup(route), status_class: statusClass(status) });
  }

  signIn(method: string | null | undefined, kind: SecurityEventKind, code: string | null | undefined): void {
    const outcome = signInOutcome(kind, code);
    if (outcome) this.signIns.inc({ method: method ?? 'unknown', outcome });
  }
}
