import { randomBytes } from 'node:crypto';
import { mintApiToken, tenantOfApiToken } from '../../api-tokens/api-token.codec';
import { SecretBox } from './secret-box';
import { safeEqual } from './tokens';

describe('SecretBox (AES-256-GCM)', () => {
  const box = new SecretBox(randomBytes(32), 'secrets-at-rest');

  it('round-trips, with a fresh IV each time', () => {
    const a = box.seal('s3cret', 'ctx');
    expect(a).toMatch(/^v1\./);
    expect(a).not.toBe(box.seal('s3cret', 'ctx'));
    expect(box.open(a, 'ctx')?.toString()).toBe('s3cret');
  });

  it('refuses tampering, another context, another key or purpose', () => {
    const sealed = box.seal('s3cret', 'tenant-a');
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[raw.length - 20] ^= 1;
    expect(box.open(`v1.${raw.toString('base64url')}`, 'tenant-a')).toBeNull();
    expect(box.open(sealed, 'tenant-b')).toBeNull();
    expect(new SecretBox(randomBytes(32), 'secrets-at-rest').open(sealed, 'tenant-a')).toBeNull();
    expect(box.open('v2.abc', 'tenant-a')).toBeNull();
    expect(box.open('garbage', 'tenant-a')).toBeNull();
  });

  it('derives a different key per purpose from the same APP_KEY', () => {
    const appKey = randomBytes(32);
    const sealed = new SecretBox(appKey, 'secrets-at-rest').seal('x', 'c');
    expect(new SecretBox(appKey, 'redirect-token').open(sealed, 'c')).toBeNull();
  });
});

describe('API token codec', () => {
  const tenantId = '0b5a3f1e-2c4d-4e6f-8a9b-0c1d2e3f4a5b';

  it('carries the tenant and 256 random bits', () => {
    const token = mintApiToken(tenantId);
    expect(token).toMatch(/^ct_[A-Za-z0-9_-]{64}$/);
    expect(tenantOfApiToken(token)).toBe(tenantId);
    expect(mintApiToken(tenantId)).not.toBe(token);
  });

  it.each(['', 'ct_', 'xx_' + 'a'.repeat(64), 'ct_' + 'a'.repeat(63), 'ct_' + '!'.repeat(64), 'Bearer ct_x'])(
    'refuses %j',
    (raw) => expect(tenantOfApiToken(raw)).toBeNull(),
  );
});

describe('safeEqual', () => {
  it('compares in constant time and handles lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
