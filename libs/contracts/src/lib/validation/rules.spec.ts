import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateApiTokenDto } from '../api-tokens/api-token.dto';
import { CreateDomainDto } from '../domains/domain.dto';
import { SignupDto } from '../tenants/signup.dto';
import { UpdateTenantDto } from '../tenants/tenant.dto';
import { attributeName } from './messages';
import { HOSTNAME_PATTERN, isReservedSlug, normalizeOrigin, SLUG_PATTERN } from './rules';

const failures = <T extends object>(cls: new () => T, plain: object) =>
  validateSync(plainToInstance(cls, plain)).map((e) => e.property);

describe('normalizeOrigin', () => {
  it.each([
    ['https://example.com', 'https://example.com'],
    ['HTTPS://Example.COM', 'https://example.com'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['https://example.com:443', 'https://example.com'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
  ])('accepts %s as %s', (input, origin) => expect(normalizeOrigin(input)).toBe(origin));

  it.each([
    'https://example.com/',
    'https://example.com/path',
    'https://example.com?q=1',
    'https://example.com#x',
    'https://user:pw@example.com',
    'https://user@example.com',
    'javascript:alert(1)',
    'ftp://example.com',
    '//example.com',
    'https:\\\\example.com',
    'example.com',
    '*',
    'null',
    '',
  ])('refuses %j', (input) => expect(normalizeOrigin(input)).toBeNull());
});

describe('slugs and host names', () => {
  it('follows the slug rule', () => {
    for (const ok of ['abc', 'acme-inc', 'a1-b2-c3', '123']) expect(SLUG_PATTERN.test(ok)).toBe(true);
    for (const bad of ['-abc', 'abc-', 'a--b', 'ABC', 'a_b', 'a.b', 'a b', '']) expect(SLUG_PATTERN.test(bad)).toBe(false);
    expect(isReservedSlug('api')).toBe(true);
    expect(isReservedSlug('acme')).toBe(false);
  });

  it('accepts host names, not URLs', () => {
    for (const ok of ['help.example.com', 'a.b.c.example.org', 'xn--bcher-kva.example']) expect(HOSTNAME_PATTERN.test(ok)).toBe(true);
    for (const bad of ['localhost', 'example', 'https://a.com', 'a.com/x', 'a.com:80', '-a.com', 'a..com', 'a.1com2']) {
      expect([bad, HOSTNAME_PATTERN.test(bad)]).toEqual([bad, false]);
    }
  });

  it('names attributes as the guides do', () => {
    expect(attributeName('redirect_url')).toBe('redirect url');
  });
});

describe('DTO rules, as the console will run them', () => {
  it('SignupDto', () => {
    const valid = {
      tenant_name: 'Acme',
      tenant_slug: 'acme',
      admin_email: 'a@acme.example',
      admin_name: 'A',
      admin_password: 'correct horse battery',
    };
    expect(failures(SignupDto, valid)).toEqual([]);
    expect(failures(SignupDto, { ...valid, tenant_slug: 'www', admin_password: 'short' }).sort()).toEqual(['admin_password', 'tenant_slug']);
  });

  it('UpdateTenantDto', () => {
    expect(failures(UpdateTenantDto, {})).toEqual([]);
    expect(failures(UpdateTenantDto, { redirect_auth: 'open', allowed_origins: ['https://a.example'] })).toEqual([]);
    expect(failures(UpdateTenantDto, { redirect_auth: 'x', jwt_secret_grace_hours: 1000 }).sort()).toEqual(['jwt_secret_grace_hours', 'redirect_auth']);
  });

  it('CreateApiTokenDto and CreateDomainDto', () => {
    expect(failures(CreateApiTokenDto, { name: 'n', scopes: ['tickets:read'] })).toEqual([]);
    expect(failures(CreateApiTokenDto, { name: 'n', scopes: ['nope'] })).toEqual(['scopes']);
    expect(failures(CreateDomainDto, { hostname: ' Help.Example.COM ' })).toEqual([]);
  });
});
