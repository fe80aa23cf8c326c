import { sanitizeUrl } from './logging.module';

describe('sanitizeUrl', () => {
  it('censors secret query parameters and keeps the rest', () => {
    expect(sanitizeUrl('/auth/callback?token=abc.def&x=1')).toBe('/auth/callback?token=[Redacted]&x=1');
    expect(sanitizeUrl('/a?x=1&api_token=ct_123#f')).toBe('/a?x=1&api_token=[Redacted]#f');
    expect(sanitizeUrl('/a?PASSWORD=hunter2')).toBe('/a?PASSWORD=[Redacted]');
    expect(sanitizeUrl('/tokens?name=x')).toBe('/tokens?name=x');
  });
});
