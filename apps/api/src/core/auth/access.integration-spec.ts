import type { SignupResponseDto } from '@central-tickets/contracts';
import { listRoutes, RouteInfo } from '../../testing/routes';
import { bearer, startTestApp, TestApp } from '../../testing/test-app';

/**
 * Every route's access, reviewed as a permission change: adding a route or changing who may
 * call one changes this table (twentyhq's endpoint permission snapshot does the same job).
 */
const EXPECTED_ACCESS = [
  'DELETE /api/categories/:id tenant-api admin',
  'DELETE /api/tickets/:id tenant-api tickets:write',
  'GET /api/agents tenant-api tickets:read',
  'GET /api/categories tenant-api any',
  'GET /api/tickets tenant-api tickets:read',
  'GET /api/tickets/:id tenant-api tickets:read',
  'GET /api/tickets/stats tenant-api tickets:read',
  'GET /api/tickets/:id/history tenant-api tickets:read',
  'PATCH /api/tickets/:id tenant-api tickets:write',
  'POST /api/categories tenant-api admin',
  'POST /api/tickets tenant-api tickets:write',
  'POST /api/tickets/:id/comments tenant-api tickets:write',
  'PUT /api/categories/:id tenant-api admin',
  'PUT /api/tickets/:id tenant-api tickets:write',
  'DELETE /api/tenant/api-tokens/:id tenant-api admin',
  'DELETE /api/tenant/domains/:id tenant-api admin',
  'GET /api/tenant tenant-api any',
  'GET /api/tenant/api-tokens tenant-api admin',
  'GET /api/tenant/domains tenant-api admin',
  'GET /health public',
  'GET /* public',
  'GET /api/me session',
  'POST /api/auth/login public',
  'GET /api/portal/tickets session',
  'POST /api/portal/tickets session',
  'GET /api/portal/tickets/:id session',
  'POST /api/portal/tickets/:id/comments session',
  'POST /api/logout session',
  'GET /auth/callback public',
  'GET /test-auth-redirect public',
  'GET /test-auth-redirect-form public',
  'GET /test-auth-redirect.js public',
  'POST /api/auth/redirect/:tenant_slug public',
  'POST /api/test/auth/redirect/:tenant_slug public',
  'POST /api/jwt/login public',
  'GET /api/tenant/security-events tenant-api admin',
  'PATCH /api/tenant tenant-api admin',
  'POST /api/signup public',
  'POST /api/tenant/api-tokens tenant-api admin',
  'POST /api/tenant/domains tenant-api admin',
  'POST /api/tenant/domains/:id/verify tenant-api admin',
  'POST /api/tenant/jwt-secret/rotate tenant-api admin',
  'GET /api/tenant/members tenant-api admin',
  'PATCH /api/tenant/members/:id tenant-api admin',
  'GET /api/tenant/invitations tenant-api admin',
  'POST /api/tenant/invitations tenant-api admin',
  'DELETE /api/tenant/invitations/:id tenant-api admin',
  'POST /api/auth/invitation public',
  'POST /api/auth/invitation/accept public',
  'GET /api/portal/categories session',
  'GET /internal/tls/ask public',
  'GET /metrics public',
  'GET /api/tenant/usage tenant-api admin',
  'GET /widget.js public',
  'POST /api/widget/session public',
  'DELETE /api/widget/session session',
  'GET /integration public',
  'GET /api/portal/integration-snippets public',
];

const describeRoute = (r: RouteInfo) =>
  `${r.method} ${r.path} ${r.access ?? 'UNDECLARED'}${r.access === 'tenant-api' ? ` ${r.scope ?? 'any'}` : ''}`;

describe('access to every route', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  let tokens: Record<'tickets:read' | 'tickets:write' | 'admin', string>;
  let owner: SignupResponseDto;

  beforeAll(async () => {
    t = await startTestApp();
    routes = listRoutes(t.app);
    owner = await t.signup();
    const make = async (scope: string) =>
      (await t.http.post('/api/tenant/api-tokens').set(bearer(owner.api_token)).send({ name: scope, scopes: [scope] }).expect(201))
        .body.token as string;
    tokens = { 'tickets:read': await make('tickets:read'), 'tickets:write': await make('tickets:write'), admin: await make('admin') };
  });
  afterAll(() => t.close());

  it('declares every route public or guarded, as reviewed', () => {
    expect(routes.map(describeRoute).sort()).toEqual([...EXPECTED_ACCESS].sort());
  });

  const fill = (path: string) => path.replace(/:id\b/g, '3f1c2b9a-0d4e-4a6b-8c7d-9e0f1a2b3c4d');

  it('answers 401 INVALID_API_TOKEN on every tenant-api route without a token, or with a revoked one', async () => {
    const revoked = (await t.http.post('/api/tenant/api-tokens').set(bearer(owner.api_token)).send({ name: 'r', scopes: ['admin'] })).body;
    await t.http.delete(`/api/tenant/api-tokens/${revoked.id}`).set(bearer(owner.api_token)).expect(204);
    for (const route of routes.filter((r) => r.access === 'tenant-api')) {
      for (const headers of [{}, bearer(revoked.token)]) {
        const res = await t.http[route.method.toLowerCase() as 'get'](fill(route.path)).set(headers).send({});
        expect([route.path, res.status, res.body.code]).toEqual([route.path, 401, 'INVALID_API_TOKEN']);
      }
    }
  });

  it('enforces each route\'s scope: 403 FORBIDDEN without it, through with it', async () => {
    for (const route of routes.filter((r) => r.access === 'tenant-api')) {
      for (const [scope, token] of Object.entries(tokens)) {
        const res = await t.http[route.method.toLowerCase() as 'get'](fill(route.path)).set(bearer(token)).send({});
        const allowed = route.scope === undefined || route.scope === scope;
        if (allowed) {
          expect([route.method, route.path, scope, res.status]).not.toEqual([route.method, route.path, scope, 403]);
          expect(res.status).not.toBe(401);
        } else {
          expect([route.method, route.path, scope, res.status, res.body.code]).toEqual([route.method, route.path, scope, 403, 'FORBIDDEN']);
        }
      }
    }
  });
});
