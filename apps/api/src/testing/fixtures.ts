import type { SignupResponseDto } from '@central-tickets/contracts';
import { bearer, type TestApp } from './test-app';

/** A tenant with a token per scope, for suites that exercise the tenant API. */
export interface TenantFixture {
  signup: SignupResponseDto;
  id: string;
  admin: Record<string, string>;
  read: Record<string, string>;
  write: Record<string, string>;
}

export async function tenantWithTokens(t: TestApp): Promise<TenantFixture> {
  const signup = await t.signup();
  const admin = bearer(signup.api_token);
  const make = async (scope: string) => {
    const res = await t.http.post('/api/tenant/api-tokens').set(admin).send({ name: scope, scopes: [scope] });
    return bearer(res.body.token as string);
  };
  return { signup, id: signup.tenant.id, admin, read: await make('tickets:read'), write: await make('tickets:write') };
}

export function ticketBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: 'Support Request', description: 'I need help with...', priority: 'medium', ...overrides };
}
