import { randomBytes } from 'node:crypto';
import { type IncomingHttpHeaders, type IncomingMessage, request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { RunningServer } from './server';

/** An HTTP answer, read in full. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: <T = Record<string, unknown>>() => T;
}

export interface SendOptions {
  method?: string;
  /** `Host` among them names the site (platform or a tenant's portal), whatever socket is used. */
  headers?: Record<string, string>;
  /** An object is sent as JSON. */
  body?: string | object;
  /** The client's source address (any 127.x.y.z on Linux): rate limits count per client IP. */
  localAddress?: string;
  /** For an https URL: the certificate to trust (the suites' self-signed one, support/tls.ts). */
  ca?: Buffer;
}

/**
 * One HTTP request with node:http (node:https for an https URL). Unlike fetch it may set `Host`
 * (the portal of a tenant is `{slug}.localhost:{port}`, which Node does not resolve) and it never
 * follows redirects.
 */
export function send(url: string, opts: SendOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  let payload: string | undefined;
  if (typeof opts.body === 'string') {
    payload = opts.body;
  } else if (opts.body !== undefined) {
    payload = JSON.stringify(opts.body);
    headers['Content-Type'] ??= 'application/json';
  }
  return new Promise((resolve, reject) => {
    const options = { method: opts.method ?? 'GET', headers, localAddress: opts.localAddress };
    const onAnswer = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text,
          json: <T>() => {
            try {
              return JSON.parse(text) as T;
            } catch {
              throw new Error(`not JSON (${res.statusCode}): ${text.slice(0, 500)}`);
            }
          },
        });
      });
    };
    const req = url.startsWith('https:') ? httpsRequest(url, { ...options, ca: opts.ca }, onAnswer) : request(url, options, onAnswer);
    req.on('error', reject);
    req.end(payload);
  });
}

export interface SignedUpTenant {
  slug: string;
  name: string;
  /** `http://{slug}.localhost:{port}` with the default PUBLIC_BASE_URL and TENANT_BASE_DOMAIN. */
  portal: string;
  /** The portal's `Host` header. */
  portalHost: string;
  apiToken: string;
  jwtSecret: string;
  jwtSecretKid: string;
}

/** A slug no other run has used: suites on PostgreSQL may share a server. */
export function uniqueSlug(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** `POST /api/signup` on the platform host; fails the test unless it answers 201. */
export async function signUp(
  server: Pick<RunningServer, 'url'>,
  slug: string,
  opts: { localAddress?: string } = {},
): Promise<SignedUpTenant> {
  const res = await send(`${server.url}/api/signup`, {
    method: 'POST',
    localAddress: opts.localAddress,
    body: {
      tenant_name: `Company ${slug}`,
      tenant_slug: slug,
      admin_email: `admin@${slug}.example`,
      admin_name: 'Admin',
      admin_password: 'correct horse battery staple',
    },
  });
  if (res.status !== 201) throw new Error(`signup answered ${res.status}: ${res.text}`);
  const body = res.json<{ portal_url: string; api_token: string; jwt_secret: string; jwt_secret_kid: string }>();
  return {
    slug,
    name: `Company ${slug}`,
    portal: body.portal_url,
    portalHost: new URL(body.portal_url).host,
    apiToken: body.api_token,
    jwtSecret: body.jwt_secret,
    jwtSecretKid: body.jwt_secret_kid,
  };
}

/** `PATCH /api/tenant` with the tenant's API token; fails the test unless it answers 200. */
export async function configureTenant(
  server: Pick<RunningServer, 'url'>,
  tenant: SignedUpTenant,
  patch: { allowed_origins?: string[]; redirect_auth?: 'origin' | 'signed' | 'open'; test_mode?: boolean },
  opts: { localAddress?: string } = {},
): Promise<Record<string, unknown>> {
  const res = await send(`${server.url}/api/tenant`, {
    method: 'PATCH',
    localAddress: opts.localAddress,
    headers: { Authorization: `Bearer ${tenant.apiToken}` },
    body: patch,
  });
  if (res.status !== 200) throw new Error(`PATCH /api/tenant answered ${res.status}: ${res.text}`);
  return res.json();
}

/** The `name=value` of a `Set-Cookie` of the answer, or undefined. */
export function cookieOf(res: Answer, name: string): { pair: string; attributes: string } | undefined {
  const all = res.headers['set-cookie'] ?? [];
  const line = all.find((c) => c.startsWith(`${name}=`));
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(';').map((s) => s.trim());
  return { pair, attributes: attributes.join('; ') };
}

/**
 * Sends a request for an absolute portal URL (`http://{slug}.localhost:{port}/…`) to the
 * server's socket with that URL's `Host`, as a browser resolving *.localhost would.
 */
export function sendToPortal(server: Pick<RunningServer, 'url'>, portalUrl: string, opts: SendOptions = {}): Promise<Answer> {
  const u = new URL(portalUrl);
  return send(`${server.url}${u.pathname}${u.search}`, { ...opts, headers: { ...opts.headers, Host: u.host } });
}
