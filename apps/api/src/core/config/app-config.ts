import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  return value;
};
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

/**
 * The environment as the operator writes it (CONTRACT.md, "Running it"). Every variable is
 * checked at boot; `loadConfig` turns it into the resolved {@link AppConfig}.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** A schema other than `public` (the test suites give each file one of its own). */
  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'must be a lower-case SQL identifier' })
  DATABASE_SCHEMA?: string;

  @IsString()
  DATA_DIR = './data';

  @IsOptional()
  @Matches(/^https?:\/\/[^/?#\s]+\/?$/, { message: 'must be an origin such as https://tickets.example.com (no path)' })
  PUBLIC_BASE_URL?: string;

  @Matches(/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, {
    message: 'must be a lower-case DNS name such as tickets.example.com',
  })
  TENANT_BASE_DOMAIN = 'localhost';

  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @IsString()
  APP_KEY?: string;

  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  /** Where the console's build is (default: beside the API's build, or dist/apps/admin/browser). */
  @IsOptional()
  @IsString()
  ADMIN_DIST_DIR?: string;

  @Transform(toList)
  @IsOptional()
  @Matches(/^[0-9a-fA-F.:[\]]+$/, { each: true, message: 'must be a comma-separated list of IP addresses (with optional :port)' })
  DNS_SERVERS?: string[];

  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  SEED_DEMO?: boolean;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Bearer token for `GET /metrics` (Prometheus). Unset: only from this machine, outside production. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters (generate one with: openssl rand -hex 24)' })
  METRICS_TOKEN?: string;

  /** Sign-ups per client IP per hour. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_SIGNUP_PER_HOUR = 10;

  /** Authentication redirects per client IP per hour (the test endpoint counts apart, alike). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_REDIRECT_PER_HOUR = 60;

  /** JWT logins per client IP per hour. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_JWT_LOGIN_PER_HOUR = 600;

  /** API tokens created per client IP per hour. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_API_TOKENS_PER_HOUR = 60;

  /** Console password sign-ins per client IP per hour. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_PER_HOUR = 30;

  /** A portal session ends after this many minutes without a request. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(43_200)
  SESSION_IDLE_MINUTES = 120;

  /** A portal session ends this many hours after sign-in, however active. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(720)
  SESSION_ABSOLUTE_HOURS = 12;

  /** Seconds to wait for in-flight requests on SIGTERM before closing anyway. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600)
  SHUTDOWN_TIMEOUT_SECONDS = 25;
}

/** The resolved configuration the application runs with. */
export interface AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly isProduction: boolean;
  readonly port: number;
  readonly host: string;
  readonly database:
    | {
        readonly kind: 'postgres';
        readonly url: string;
        readonly poolSize: number;
        readonly schema?: string;
      }
    | { readonly kind: 'pglite'; readonly dataDir: string };
  readonly dataDir: string;
  readonly publicBaseUrl: string;
  readonly tenantBaseDomain: string;
  readonly redisUrl?: string;
  /** 32 bytes: encrypts secrets at rest and one-time tokens. Never logged. */
  readonly appKey: Buffer;
  readonly trustProxy: boolean;
  readonly adminDistDir?: string;
  readonly dnsServers?: string[];
  readonly seedDemo: boolean;
  readonly logLevel: string;
  /** Guards `GET /metrics`; see {@link EnvironmentVariables.METRICS_TOKEN}. Never logged. */
  readonly metricsToken: string | undefined;
  readonly rateLimits: {
    readonly signupPerHour: number;
    readonly redirectPerHour: number;
    readonly jwtLoginPerHour: number;
    readonly apiTokensPerHour: number;
    readonly loginPerHour: number;
  };
  readonly sessions: { readonly idleMs: number; readonly absoluteMs: number };
  readonly shutdownTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** File, under DATA_DIR, that holds the key generated for development. */
export const DEV_APP_KEY_FILE = 'app-key.development';

/** Keys that are public knowledge (documentation, examples) and never acceptable. */
const KNOWN_WEAK_KEYS = new Set([
  Buffer.alloc(32, 0).toString('base64'),
  Buffer.from('change-me-change-me-change-me-32').toString('base64'),
]);

function decodeKey(raw: string): Buffer | null {
  const trimmed = raw.trim().replace(/^base64:/, '');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return null;
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === 32 ? key : null;
}

/**
 * Validates the environment and resolves defaults. Throws {@link ConfigError} naming every
 * bad or missing variable. In development it may create DATA_DIR and a generated APP_KEY.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const vars = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(vars, { whitelist: false });
  // One line per variable: the first rule it breaks.
  const problems = errors.map((e) => {
    const [message = 'is invalid'] = Object.values(e.constraints ?? {});
    return `${e.property}: ${message.replace(`${e.property} `, '')}`;
  });
  if (problems.length) throw new ConfigError(problems);

  const isProduction = vars.NODE_ENV === 'production';
  const memoryDb = vars.DATA_DIR.startsWith('memory://');
  const dataDir = memoryDb || isAbsolute(vars.DATA_DIR) ? vars.DATA_DIR : resolve(vars.DATA_DIR);

  let appKey: Buffer | null = null;
  if (vars.APP_KEY) {
    appKey = decodeKey(vars.APP_KEY);
    if (!appKey) problems.push('APP_KEY: must be 32 bytes encoded in base64 (generate one with: openssl rand -base64 32)');
  }
  const devKeyPath = memoryDb ? null : join(dataDir, DEV_APP_KEY_FILE);
  if (isProduction) {
    if (!vars.APP_KEY) {
      problems.push('APP_KEY: is required in production (generate one with: openssl rand -base64 32)');
    } else if (appKey) {
      const devKey = devKeyPath && existsSync(devKeyPath) ? readFileSync(devKeyPath, 'utf8').trim() : null;
      if (KNOWN_WEAK_KEYS.has(appKey.toString('base64')) || devKey === appKey.toString('base64')) {
        problems.push('APP_KEY: is a development key; production needs a key of its own');
      }
      if (new Set(appKey).size < 8) problems.push('APP_KEY: is not random enough');
    }
  }
  if (problems.length) throw new ConfigError(problems);

  if (!appKey) {
    appKey = memoryDb ? randomBytes(32) : developmentKey(dataDir);
  }

  const port = vars.PORT;
  return Object.freeze({
    env: vars.NODE_ENV,
    isProduction,
    port,
    host: vars.HOST ?? (isProduction ? '0.0.0.0' : '127.0.0.1'),
    database: vars.DATABASE_URL
      ? {
          kind: 'postgres',
          url: vars.DATABASE_URL,
          poolSize: vars.DATABASE_POOL_SIZE,
          schema: vars.DATABASE_SCHEMA,
        }
      : { kind: 'pglite', dataDir: memoryDb ? 'memory://' : join(dataDir, 'pglite') },
    dataDir,
    publicBaseUrl: (vars.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    tenantBaseDomain: vars.TENANT_BASE_DOMAIN,
    redisUrl: vars.REDIS_URL,
    appKey,
    trustProxy: vars.TRUST_PROXY,
    adminDistDir: vars.ADMIN_DIST_DIR,
    dnsServers: vars.DNS_SERVERS,
    seedDemo: vars.SEED_DEMO ?? !isProduction,
    logLevel: vars.LOG_LEVEL,
    metricsToken: vars.METRICS_TOKEN,
    rateLimits: {
      signupPerHour: vars.RATE_LIMIT_SIGNUP_PER_HOUR,
      redirectPerHour: vars.RATE_LIMIT_REDIRECT_PER_HOUR,
      jwtLoginPerHour: vars.RATE_LIMIT_JWT_LOGIN_PER_HOUR,
      apiTokensPerHour: vars.RATE_LIMIT_API_TOKENS_PER_HOUR,
      loginPerHour: vars.RATE_LIMIT_LOGIN_PER_HOUR,
    },
    sessions: {
      idleMs: vars.SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: vars.SESSION_ABSOLUTE_HOURS * 3_600_000,
    },
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_SECONDS * 1000,
  } satisfies AppConfig);
}

/** Reads, or creates on first start, the development key under DATA_DIR. */
function developmentKey(dataDir: string): Buffer {
  const file = join(dataDir, DEV_APP_KEY_FILE);
  if (existsSync(file)) {
    const key = decodeKey(readFileSync(file, 'utf8'));
    if (!key) throw new ConfigError([`APP_KEY: the generated key in ${file} is damaged; delete it or set APP_KEY`]);
    return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600 });
  return key;
}

/** Whether portals are served over https (then cookies are `Secure`, `SameSite=None`). */
export function isHttps(config: AppConfig): boolean {
  return config.publicBaseUrl.startsWith('https:');
}

/** The tenant's portal origin, e.g. `http://acme.localhost:3000` or `https://acme.tickets.example`. */
export function portalOrigin(config: AppConfig, slug: string): string {
  const base = new URL(config.publicBaseUrl);
  return `${base.protocol}//${slug}.${config.tenantBaseDomain}${base.port ? `:${base.port}` : ''}`;
}
