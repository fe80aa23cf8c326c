/** Rules shared by the API, the console and the SDK. */

export const SLUG_MIN_LENGTH = 3;
export const SLUG_MAX_LENGTH = 40;
/** Lower-case letters, digits and single hyphens; no leading or trailing hyphen. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Slugs that name platform hosts or could be mistaken for them.
 * A tenant's portal lives at `{slug}.{TENANT_BASE_DOMAIN}`.
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'account', 'accounts', 'admin', 'administrator', 'api', 'app', 'apps', 'assets', 'auth',
  'autoconfig', 'autodiscover', 'billing', 'blog', 'cdn', 'central', 'central-tickets',
  'centraltickets', 'console', 'dashboard', 'dev', 'docs', 'email', 'ftp', 'health', 'help',
  'imap', 'integration', 'internal', 'localhost', 'login', 'logout', 'mail', 'metrics', 'mx',
  'ns1', 'ns2', 'platform', 'pop', 'pop3', 'portal', 'public', 'root', 'security', 'signup',
  'smtp', 'stage', 'staging', 'static', 'status', 'support', 'system', 'test', 'tickets',
  'webmail', 'widget', 'www',
]);

export function isReservedSlug(slug: string): boolean {
  return RESERVED_SLUGS.has(slug);
}

export const API_TOKEN_SCOPES = ['tickets:read', 'tickets:write', 'admin'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export const REDIRECT_AUTH_MODES = ['origin', 'signed', 'open'] as const;
export type RedirectAuthMode = (typeof REDIRECT_AUTH_MODES)[number];

export const USER_ROLES = ['admin', 'agent', 'requester'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** The roles of the console's people (agents and admins), as invitations and role changes take them. */
export const STAFF_ROLES = ['admin', 'agent'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** How long an invitation link works. */
export const INVITATION_TTL_DAYS = 7;

export const EMAIL_MAX_LENGTH = 254;
export const NAME_MAX_LENGTH = 255;
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
export const ALLOWED_ORIGINS_MAX = 50;
export const JWT_SECRET_GRACE_HOURS_MAX = 720;

/**
 * An origin as browsers send it: `scheme://host[:port]`, http or https, no path,
 * query, fragment or credentials. Returns the normalised origin, or null.
 */
export function normalizeOrigin(value: string): string | null {
  if (typeof value !== 'string' || value.length > 2048) return null;
  if (!/^https?:\/\/[^/?#\\@\s]+$/i.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.username || url.password || !url.hostname) return null;
  return url.origin;
}

/** A DNS host name that a tenant may claim: at least two labels, no scheme or port. */
export const HOSTNAME_PATTERN =
  /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const TICKET_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const TICKET_SOURCES = ['api', 'portal', 'redirect', 'jwt'] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];

export const TICKET_TITLE_MAX_LENGTH = 200;
export const TICKET_DESCRIPTION_MAX_LENGTH = 50_000;
export const COMMENT_BODY_MAX_LENGTH = 50_000;
export const TAG_MAX_LENGTH = 50;
export const TAGS_MAX = 20;
export const CATEGORY_NAME_MAX_LENGTH = 100;
export const PAGE_LIMIT_MAX = 100;
export const PAGE_LIMIT_DEFAULT = 20;
export const SEARCH_QUERY_MAX_LENGTH = 200;
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

export const REDIRECT_URL_MAX_LENGTH = 2048;
export const LOGIN_TOKEN_MAX_LENGTH = 8192;

export const SECURITY_EVENT_KINDS = [
  'login_succeeded',
  'login_failed',
  'token_replayed',
  'origin_refused',
  'rate_limited',
  'jwt_secret_rotated',
  'logout',
  'domain_verified',
  'member_invited',
  'invitation_accepted',
  'member_updated',
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

export const SIGN_IN_METHODS = ['redirect', 'jwt', 'password'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];
