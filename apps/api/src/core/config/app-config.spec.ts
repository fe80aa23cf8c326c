import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DEV_APP_KEY_FILE, loadConfig, portalOrigin } from './app-config';

const key = () => Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256)).toString('base64');
const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('loadConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ct-config-'));
  });

  it('has the contract\'s defaults in development', () => {
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      host: '127.0.0.1',
      database: { kind: 'pglite', dataDir: join(dir, 'pglite') },
      publicBaseUrl: 'http://localhost:3000',
      tenantBaseDomain: 'localhost',
      trustProxy: false,
      seedDemo: true,
    });
    expect(portalOrigin(config, 'acme')).toBe('http://acme.localhost:3000');
  });

  it('generates a development key once, keeps it, and never uses it in production', () => {
    const first = loadConfig({ DATA_DIR: dir }).appKey;
    expect(first).toHaveLength(32);
    expect(loadConfig({ DATA_DIR: dir }).appKey.equals(first)).toBe(true);
    const devKey = readFileSync(join(dir, DEV_APP_KEY_FILE), 'utf8').trim();
    expect(problems({ NODE_ENV: 'production', DATA_DIR: dir, APP_KEY: devKey })).toEqual([
      'APP_KEY: is a development key; production needs a key of its own',
    ]);
  });

  it('requires a real APP_KEY in production', () => {
    expect(problems({ NODE_ENV: 'production', DATA_DIR: dir })).toEqual([
      'APP_KEY: is required in production (generate one with: openssl rand -base64 32)',
    ]);
    expect(problems({ NODE_ENV: 'production', DATA_DIR: dir, APP_KEY: Buffer.alloc(32).toString('base64') })).toContain(
      'APP_KEY: is a development key; production needs a key of its own',
    );
    const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dir, APP_KEY: key() });
    expect(config).toMatchObject({ isProduction: true, host: '0.0.0.0', seedDemo: false });
  });

  it('names every bad value', () => {
    expect(
      problems({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        PUBLIC_BASE_URL: 'https://x.example/path',
        TENANT_BASE_DOMAIN: 'Not A Domain',
        TRUST_PROXY: 'maybe',
        APP_KEY: 'too-short',
        NODE_ENV: 'staging',
        DATA_DIR: dir,
      }).map((p) => p.split(':')[0]).sort(),
    ).toEqual(['DATABASE_URL', 'NODE_ENV', 'PORT', 'PUBLIC_BASE_URL', 'TENANT_BASE_DOMAIN', 'TRUST_PROXY'].sort());
    expect(problems({ DATA_DIR: dir, APP_KEY: 'too-short' })).toEqual([
      'APP_KEY: must be 32 bytes encoded in base64 (generate one with: openssl rand -base64 32)',
    ]);
  });

  it('reads booleans, numbers and lists from text', () => {
    const config = loadConfig({
      DATA_DIR: dir,
      PORT: '8080',
      TRUST_PROXY: 'true',
      SEED_DEMO: 'off',
      DNS_SERVERS: '127.0.0.1:5353, ::1',
      DATABASE_URL: 'postgres://u@db:5432/ct',
      PUBLIC_BASE_URL: 'https://tickets.example.com/',
      TENANT_BASE_DOMAIN: 'tickets.example.com',
    });
    expect(config).toMatchObject({
      port: 8080,
      trustProxy: true,
      seedDemo: false,
      dnsServers: ['127.0.0.1:5353', '::1'],
      database: { kind: 'postgres', url: 'postgres://u@db:5432/ct', poolSize: 10 },
      publicBaseUrl: 'https://tickets.example.com',
    });
    expect(portalOrigin(config, 'acme')).toBe('https://acme.tickets.example.com');
  });

  it('refuses a damaged generated key instead of replacing it', () => {
    writeFileSync(join(dir, DEV_APP_KEY_FILE), 'garbage');
    expect(problems({ DATA_DIR: dir })[0]).toMatch(/^APP_KEY: the generated key in .* is damaged/);
  });
});
