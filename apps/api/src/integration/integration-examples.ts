/**
 * Every code example of the integration guide (`/integration`) and of the console's snippets
 * page, as data: one template per example, with the tenant's values as placeholders.
 *
 * The end-to-end suite (`apps/api-e2e/src/integration-examples.e2e-spec.ts`) fetches the page
 * for a real tenant, takes out every `data-example` block and runs it in its runtime against a
 * real server (browser examples in Chromium from an allowed origin, Node in Node, PHP with
 * Debian's php-cli and php-curl, Python with python3-requests and python3-jwt). An example
 * added here without a check there fails that suite.
 *
 * Rules for templates:
 * - placeholders are `{{tenant_slug}}`, `{{portal_url}}` and `{{platform_url}}`, nothing else;
 * - secrets come from the environment (`CENTRAL_TICKETS_JWT_SECRET`, `CENTRAL_TICKETS_JWT_KID`,
 *   `CENTRAL_TICKETS_API_TOKEN`), never from the page;
 * - browser examples expect a global `currentUser` (`{ email, name }`, or null when signed out)
 *   and render a button named "Contact support"; except the widget's tag, which learns who the
 *   user is from its token route and renders the widget's own launcher ("Support");
 * - server examples that sign a user in either print the one-time URL (CLI) or answer the
 *   browser with a redirect to it (PHP pages); API examples print `Ticket #<number>: <id>`; the
 *   widget's token route is an Express router your app mounts (`node-route`);
 * - written with String.raw, so no backticks and no dollar-brace sequences in the code (JS
 *   examples concatenate strings).
 * - only the form post mentions "authentication redirect" in its title, summary or code: the
 *   console journey finds its snippet by that phrase.
 */

export type ExampleLanguage = 'html' | 'javascript' | 'php' | 'python';
/**
 * Where the example runs: `php-page` is a PHP page answering the browser with a redirect;
 * `node-route` a module of routes that your Node.js app mounts (the widget's token route).
 */
export type ExampleRuntime = 'browser' | 'node' | 'node-route' | 'php' | 'php-page' | 'python';
export type ExampleSection = 'redirect' | 'jwt' | 'api' | 'widget';

export interface IntegrationExample {
  id: string;
  section: ExampleSection;
  language: ExampleLanguage;
  runtime: ExampleRuntime;
  title: string;
  /** One or two sentences: when to use it, what it needs. */
  summary: string;
  /** The file name to save it as (server examples). */
  filename?: string;
  template: string;
}

/** The values an example is filled with. */
export interface ExampleValues {
  tenant_slug: string;
  portal_url: string;
  platform_url: string;
}

const PLACEHOLDER = /\{\{(tenant_slug|portal_url|platform_url)\}\}/g;
/** Characters that never occur in a slug or an origin, and would break out of a string literal. */
const UNSAFE_VALUE = /['"`\\\s<>$]/;

/** The template with the tenant's values in. Values are origins and a slug, checked to be inert. */
export function fillTemplate(template: string, values: ExampleValues): string {
  for (const [name, value] of Object.entries(values)) {
    if (value === '' || UNSAFE_VALUE.test(value)) throw new Error(`Unsafe value for {{${name}}}: ${JSON.stringify(value)}`);
  }
  const filled = template.replace(PLACEHOLDER, (_, name: keyof ExampleValues) => values[name]);
  if (/\{\{\w+\}\}/.test(filled)) throw new Error(`Unknown placeholder in ${filled.match(/\{\{\w+\}\}/)?.[0]}`);
  return filled;
}

export const INTEGRATION_EXAMPLES: readonly IntegrationExample[] = [
  // ---- Authentication redirect -------------------------------------------------------------
  {
    id: 'redirect-form',
    section: 'redirect',
    language: 'html',
    runtime: 'browser',
    title: 'Browser: the authentication redirect as a form post',
    summary:
      'On a page of one of your allowed origins, for a user your app has signed in. The form post needs no CORS and lands the user on your portal, signed in.',
    template: String.raw`<button type="button" id="contact-support">Contact support</button>
<script>
  // currentUser: the user your app has signed in ({ email, name }), or null.
  function contactSupport(user, redirectUrl = '{{portal_url}}/dashboard') {
    if (!user || !user.email) {
      window.location.assign('/login'); // your sign-in page
      return;
    }
    const form = document.createElement('form');
    form.method = 'POST';
    form.action = '{{portal_url}}/api/auth/redirect/{{tenant_slug}}';
    form.acceptCharset = 'UTF-8';
    const fields = { email: user.email, name: user.name || user.email, redirect_url: redirectUrl };
    for (const [name, value] of Object.entries(fields)) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = value;
      form.appendChild(input);
    }
    document.body.appendChild(form);
    form.submit();
    form.remove();
  }
  document.getElementById('contact-support').addEventListener('click', () => contactSupport(currentUser));
</script>`,
  },
  {
    id: 'redirect-sdk-browser',
    section: 'redirect',
    language: 'html',
    runtime: 'browser',
    title: 'Browser: the SDK, with errors shown on your page',
    summary:
      'startSupportSession asks the API first (CORS, so your origin must be allowed), shows a refusal on your page, then sends the tab to the portal. Bundle it with your app, or map it with an import map.',
    template: String.raw`<button type="button" id="contact-support">Contact support</button>
<p id="support-error" role="alert" hidden></p>
<script type="module">
  // npm install @central-tickets/sdk
  import { CentralTicketsError, SignInRequiredError, startSupportSession } from '@central-tickets/sdk';

  document.getElementById('contact-support').addEventListener('click', async () => {
    try {
      await startSupportSession({
        baseUrl: '{{portal_url}}',
        tenant: '{{tenant_slug}}',
        user: currentUser, // { email, name } of your signed-in user, or null
        redirectUrl: '{{portal_url}}/tickets/new',
        newTab: false, // true (the default) opens the portal in a new tab
      });
    } catch (err) {
      if (err instanceof SignInRequiredError) return window.location.assign('/login');
      const message = document.getElementById('support-error');
      message.hidden = false;
      message.textContent = err instanceof CentralTicketsError
        ? 'Support is not reachable right now (' + err.code + ').'
        : String(err);
    }
  });
</script>`,
  },
  {
    id: 'redirect-server-php',
    section: 'redirect',
    language: 'php',
    runtime: 'php-page',
    filename: 'support.php',
    title: 'PHP: the redirect from your server, without following it',
    summary:
      'Your server posts the user with your API token (no Origin needed, in every trust mode), reads the Location of the 302 and sends the browser there. curl must not follow it: the link works once, and only the browser may spend it.',
    template: String.raw`<?php
// The sign-in link for a user of your app, asked for by your server (PHP with the curl extension).
function central_tickets_sign_in_url(string $email, string $name, string $redirectUrl): string
{
    $ch = curl_init('{{platform_url}}/api/auth/redirect/{{tenant_slug}}');
    curl_setopt_array($ch, [
        CURLOPT_POST => true,
        CURLOPT_POSTFIELDS => json_encode(['email' => $email, 'name' => $name, 'redirect_url' => $redirectUrl]),
        CURLOPT_HTTPHEADER => [
            'Content-Type: application/json',
            'Accept: application/json',
            'Authorization: Bearer ' . getenv('CENTRAL_TICKETS_API_TOKEN'),
        ],
        CURLOPT_RETURNTRANSFER => true,
        CURLOPT_FOLLOWLOCATION => false, // never follow: the link is single use and belongs to the browser
    ]);
    $body = curl_exec($ch);
    $status = curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
    $location = curl_getinfo($ch, CURLINFO_REDIRECT_URL);
    curl_close($ch);
    if ($status !== 302 || !$location) {
        $error = json_decode((string) $body, true) ?: [];
        throw new RuntimeException(($error['code'] ?? "HTTP $status") . ': ' . ($error['message'] ?? 'sign-in refused'));
    }
    return $location;
}

// The page behind your "Contact support" link, for the user signed in to your app:
$user = ['email' => 'jane@customer.example', 'name' => 'Jane Doe'];
header('Location: ' . central_tickets_sign_in_url($user['email'], $user['name'], '{{portal_url}}/dashboard'), true, 303);
exit;
`,
  },
  {
    id: 'redirect-server-python',
    section: 'redirect',
    language: 'python',
    runtime: 'python',
    filename: 'support_redirect.py',
    title: 'Python: the redirect from your server, without following it',
    summary:
      'The same with requests: allow_redirects=False, and your API token instead of a browser Origin. Return the URL to your web framework as a redirect.',
    template: String.raw`import os

import requests


def sign_in_url(email, name, redirect_url="{{portal_url}}/dashboard"):
    response = requests.post(
        "{{platform_url}}/api/auth/redirect/{{tenant_slug}}",
        json={"email": email, "name": name, "redirect_url": redirect_url},
        headers={"Authorization": "Bearer " + os.environ["CENTRAL_TICKETS_API_TOKEN"], "Accept": "application/json"},
        allow_redirects=False,  # the link works once: the user's browser must open it, not requests
        timeout=10,
    )
    if response.status_code != 302:
        error = response.json()
        raise RuntimeError(f"{error['code']}: {error['message']}")
    return response.headers["Location"]


# In your view: return redirect(sign_in_url(user.email, user.name))  (Flask, Django, ...)
print(sign_in_url("jane@customer.example", "Jane Doe"))
`,
  },

  // ---- JWT login ------------------------------------------------------------------------------
  {
    id: 'jwt-node',
    section: 'jwt',
    language: 'javascript',
    runtime: 'node',
    filename: 'support-login.js',
    title: 'Node.js: JWT login with jsonwebtoken',
    summary: 'Sign a token for the user (HS256, your JWT secret, at most 120 s, a fresh jti), exchange it, send the browser to the answer\'s redirect_url.',
    template: String.raw`// npm install jsonwebtoken   (Node.js 18 or later: fetch is built in)
const crypto = require('node:crypto');
const jwt = require('jsonwebtoken');

/** A one-time URL that signs the user in to your portal: redirect their browser there. */
async function supportSignInUrl(user) {
  const now = Math.floor(Date.now() / 1000);
  const token = jwt.sign(
    { email: user.email, name: user.name, iat: now, exp: now + 60, jti: crypto.randomUUID() },
    process.env.CENTRAL_TICKETS_JWT_SECRET,
    { algorithm: 'HS256' },
  );
  const response = await fetch('{{platform_url}}/api/jwt/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token, tenant_slug: '{{tenant_slug}}' }),
  });
  const result = await response.json();
  if (!result.success) throw new Error(result.code + ': ' + result.message);
  return result.redirect_url; // valid once, for 120 seconds
}

// In your route handler: res.redirect(303, await supportSignInUrl(req.user));
supportSignInUrl({ email: 'jane@customer.example', name: 'Jane Doe' }).then(console.log, (err) => {
  console.error(err.message);
  process.exitCode = 1;
});
`,
  },
  {
    id: 'jwt-node-sdk',
    section: 'jwt',
    language: 'javascript',
    runtime: 'node',
    filename: 'support-login.mjs',
    title: 'Node.js: JWT login with the SDK',
    summary: 'signLoginToken signs with node:crypto (no JWT library), exchangeLoginToken posts it. external_id keeps the user when their email changes; kid picks the secret during a rotation.',
    template: String.raw`// npm install @central-tickets/sdk
import { exchangeLoginToken, signLoginToken } from '@central-tickets/sdk/server';

export async function supportSignInUrl(user) {
  const token = signLoginToken({
    email: user.email,
    name: user.name,
    externalId: String(user.id), // your id for the user: their key in your help desk
    secret: process.env.CENTRAL_TICKETS_JWT_SECRET,
    kid: process.env.CENTRAL_TICKETS_JWT_KID, // optional: the secret's key id
    redirectUrl: '{{portal_url}}/tickets/new',
  });
  const { redirect_url } = await exchangeLoginToken({ baseUrl: '{{platform_url}}', tenant: '{{tenant_slug}}', token });
  return redirect_url;
}

console.log(await supportSignInUrl({ id: 42, email: 'jane@customer.example', name: 'Jane Doe' }));
`,
  },
  {
    id: 'jwt-php',
    section: 'jwt',
    language: 'php',
    runtime: 'php-page',
    filename: 'support-login.php',
    title: 'PHP: JWT login without a library',
    summary: 'HS256 is an HMAC-SHA256 over two base64url JSON parts: a few lines of PHP, no Composer package. The page answers the browser with a redirect to the one-time URL.',
    template: String.raw`<?php
function base64url(string $data): string
{
    return rtrim(strtr(base64_encode($data), '+/', '-_'), '=');
}

/** An HS256 JWT signed with your tenant's JWT secret. */
function central_tickets_login_token(array $claims, string $secret): string
{
    $header = base64url(json_encode(['alg' => 'HS256', 'typ' => 'JWT']));
    $payload = base64url(json_encode($claims));
    return "$header.$payload." . base64url(hash_hmac('sha256', "$header.$payload", $secret, true));
}

function central_tickets_sign_in_url(string $email, string $name): string
{
    $now = time();
    $token = central_tickets_login_token([
        'email' => $email,
        'name' => $name,
        'iat' => $now,
        'exp' => $now + 60, // at most 120 seconds after iat
        'jti' => bin2hex(random_bytes(16)), // single use
    ], getenv('CENTRAL_TICKETS_JWT_SECRET'));

    $ch = curl_init('{{platform_url}}/api/jwt/login');
    curl_setopt_array($ch, [
        CURLOPT_POST => true,
        CURLOPT_POSTFIELDS => json_encode(['token' => $token, 'tenant_slug' => '{{tenant_slug}}']),
        CURLOPT_HTTPHEADER => ['Content-Type: application/json'],
        CURLOPT_RETURNTRANSFER => true,
    ]);
    $result = json_decode((string) curl_exec($ch), true) ?: [];
    curl_close($ch);
    if (empty($result['success'])) {
        throw new RuntimeException(($result['code'] ?? 'ERROR') . ': ' . ($result['message'] ?? 'sign-in failed'));
    }
    return $result['redirect_url']; // valid once, for 120 seconds
}

// The page behind your "Contact support" link, for the user signed in to your app:
$user = ['email' => 'jane@customer.example', 'name' => 'Jane Doe'];
header('Location: ' . central_tickets_sign_in_url($user['email'], $user['name']), true, 303);
exit;
`,
  },
  {
    id: 'jwt-python',
    section: 'jwt',
    language: 'python',
    runtime: 'python',
    filename: 'support_login.py',
    title: 'Python: JWT login with PyJWT and requests',
    summary: 'pip install pyjwt requests (Debian: python3-jwt python3-requests).',
    template: String.raw`import os
import time
import uuid

import jwt  # PyJWT
import requests


def sign_in_url(email, name):
    now = int(time.time())
    token = jwt.encode(
        {"email": email, "name": name, "iat": now, "exp": now + 60, "jti": str(uuid.uuid4())},
        os.environ["CENTRAL_TICKETS_JWT_SECRET"],
        algorithm="HS256",
    )
    result = requests.post(
        "{{platform_url}}/api/jwt/login",
        json={"token": token, "tenant_slug": "{{tenant_slug}}"},
        timeout=10,
    ).json()
    if not result.get("success"):
        raise RuntimeError(f"{result.get('code')}: {result.get('message')}")
    return result["redirect_url"]  # valid once, for 120 seconds


# In your view: return redirect(sign_in_url(user.email, user.name))
print(sign_in_url("jane@customer.example", "Jane Doe"))
`,
  },
  {
    id: 'jwt-browser',
    section: 'jwt',
    language: 'html',
    runtime: 'browser',
    title: 'Browser: JWT login with a token from your server',
    summary:
      'When the page should do the call: your server signs the token (as above) and hands it over; the secret never reaches the browser. Needs your origin in the allowed origins (CORS).',
    template: String.raw`<button type="button" id="contact-support">Contact support</button>
<script>
  document.getElementById('contact-support').addEventListener('click', async () => {
    // Your endpoint: signs a login token for the user of this session, answers { token }.
    const { token } = await (await fetch('/support/login-token', { method: 'POST' })).json();
    const response = await fetch('{{platform_url}}/api/jwt/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token, tenant_slug: '{{tenant_slug}}' }),
    });
    const result = await response.json();
    if (result.success) window.location.assign(result.redirect_url);
    else console.error('Sign-in refused:', result.code, result.message);
  });
</script>`,
  },

  // ---- Tenant API -----------------------------------------------------------------------------
  {
    id: 'api-node-sdk',
    section: 'api',
    language: 'javascript',
    runtime: 'node',
    filename: 'create-ticket.mjs',
    title: 'Node.js: the tenant API with the SDK',
    summary: 'Typed calls; creates carry an Idempotency-Key reused by every retry; 429 and 503 are retried after Retry-After.',
    template: String.raw`// npm install @central-tickets/sdk
import { CentralTickets, CentralTicketsError } from '@central-tickets/sdk/server';

const client = new CentralTickets({ baseUrl: '{{platform_url}}', apiToken: process.env.CENTRAL_TICKETS_API_TOKEN });

try {
  const ticket = await client.tickets.create({
    title: 'Cannot log in',
    description: 'Since this morning the login page says my password is wrong.',
    priority: 'high',
    requester_email: 'jane@customer.example',
    requester_name: 'Jane Doe',
    tags: ['login'],
  });
  console.log('Ticket #' + ticket.number + ': ' + ticket.id);

  for await (const t of client.tickets.listAll({ requester_email: 'jane@customer.example', status: ['open', 'pending'] })) {
    console.log(t.number, t.status, t.title);
  }
} catch (err) {
  if (!(err instanceof CentralTicketsError)) throw err;
  console.error(err.status, err.code, err.message, err.errors ?? '', 'correlation id ' + err.correlationId);
  process.exitCode = 1;
}
`,
  },
  {
    id: 'api-node-fetch',
    section: 'api',
    language: 'javascript',
    runtime: 'node',
    filename: 'create-ticket.js',
    title: 'Node.js: the tenant API with fetch',
    summary: 'No dependencies: an idempotency key per ticket, retries that honour Retry-After, the error envelope, and cursor pagination.',
    template: String.raw`// Node.js 18 or later (fetch is built in)
const crypto = require('node:crypto');

const API = '{{platform_url}}/api';
const headers = { Authorization: 'Bearer ' + process.env.CENTRAL_TICKETS_API_TOKEN, 'Content-Type': 'application/json' };

async function failure(response) {
  const error = await response.json(); // { message, code, errors?, retry_after?, correlation_id }
  return new Error(response.status + ' ' + error.code + ': ' + error.message + ' (correlation id ' + error.correlation_id + ')');
}

async function createTicket(ticket) {
  const idempotencyKey = crypto.randomUUID(); // one key per ticket, the same for every retry
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(API + '/tickets', {
      method: 'POST',
      headers: { ...headers, 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify(ticket),
    });
    if (response.ok) return response.json();
    if ((response.status === 429 || response.status === 503) && attempt < 4) {
      const seconds = Number(response.headers.get('Retry-After')) || 2 ** attempt;
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      continue;
    }
    throw await failure(response);
  }
}

async function listTickets(filters) {
  const tickets = [];
  let cursor = null;
  do {
    const query = new URLSearchParams({ ...filters, limit: '100' });
    if (cursor) query.set('cursor', cursor);
    const response = await fetch(API + '/tickets?' + query, { headers });
    if (!response.ok) throw await failure(response);
    const page = await response.json(); // { data, next_cursor }
    tickets.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return tickets;
}

(async () => {
  const ticket = await createTicket({
    title: 'Export is empty',
    description: 'The CSV export of March has headers only.',
    priority: 'medium',
    requester_email: 'jane@customer.example',
    requester_name: 'Jane Doe',
  });
  console.log('Ticket #' + ticket.number + ': ' + ticket.id);
  const theirs = await listTickets({ requester_email: 'jane@customer.example' });
  console.log(theirs.length + ' ticket(s) for jane@customer.example');
})().catch((err) => {
  console.error(err.message);
  process.exitCode = 1;
});
`,
  },
  {
    id: 'api-php',
    section: 'api',
    language: 'php',
    runtime: 'php',
    filename: 'create-ticket.php',
    title: 'PHP: the tenant API with curl',
    summary: 'php-curl only. Errors come back as the envelope; quote the correlation id to support.',
    template: String.raw`<?php
function central_tickets(string $method, string $path, ?array $body = null, array $headers = []): array
{
    $ch = curl_init('{{platform_url}}' . $path);
    curl_setopt_array($ch, [
        CURLOPT_CUSTOMREQUEST => $method,
        CURLOPT_RETURNTRANSFER => true,
        CURLOPT_HTTPHEADER => array_merge([
            'Authorization: Bearer ' . getenv('CENTRAL_TICKETS_API_TOKEN'),
            'Accept: application/json',
            'Content-Type: application/json',
        ], $headers),
    ]);
    if ($body !== null) {
        curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode($body));
    }
    $response = curl_exec($ch);
    $status = curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
    curl_close($ch);
    $data = json_decode((string) $response, true) ?: [];
    if ($status >= 400) {
        // The error envelope: message, code, errors (422), retry_after (429), correlation_id
        throw new RuntimeException("$status {$data['code']}: {$data['message']} (correlation id {$data['correlation_id']})");
    }
    return $data;
}

$ticket = central_tickets('POST', '/api/tickets', [
    'title' => 'Invoice address is wrong',
    'description' => 'The March invoice shows our old address.',
    'priority' => 'medium',
    'requester_email' => 'jane@customer.example',
    'requester_name' => 'Jane Doe',
], ['Idempotency-Key: ' . bin2hex(random_bytes(16))]);
echo "Ticket #{$ticket['number']}: {$ticket['id']}\n";

$page = central_tickets('GET', '/api/tickets?' . http_build_query(['requester_email' => 'jane@customer.example', 'limit' => 20]));
echo count($page['data']) . " ticket(s) for jane@customer.example\n";
`,
  },
  {
    id: 'api-python',
    section: 'api',
    language: 'python',
    runtime: 'python',
    filename: 'create_ticket.py',
    title: 'Python: the tenant API with requests',
    summary: 'A session with the token, the error envelope, and a generator over every page.',
    template: String.raw`import os
import uuid

import requests

API = "{{platform_url}}/api"
session = requests.Session()
session.headers["Authorization"] = "Bearer " + os.environ["CENTRAL_TICKETS_API_TOKEN"]


def check(response):
    if response.status_code >= 400:
        error = response.json()  # message, code, errors (422), retry_after (429), correlation_id
        raise RuntimeError(f"{response.status_code} {error['code']}: {error['message']} (correlation id {error['correlation_id']})")
    return response.json()


def all_tickets(**filters):
    cursor = None
    while True:
        params = {**filters, "limit": 100, **({"cursor": cursor} if cursor else {})}
        page = check(session.get(f"{API}/tickets", params=params, timeout=10))
        yield from page["data"]
        cursor = page["next_cursor"]
        if not cursor:
            return


ticket = check(session.post(
    f"{API}/tickets",
    json={
        "title": "Two-factor codes arrive late",
        "description": "The SMS comes after the code has expired.",
        "priority": "high",
        "requester_email": "jane@customer.example",
        "requester_name": "Jane Doe",
    },
    headers={"Idempotency-Key": str(uuid.uuid4())},
    timeout=10,
))
print(f"Ticket #{ticket['number']}: {ticket['id']}")
print(sum(1 for _ in all_tickets(requester_email="jane@customer.example")), "ticket(s) for jane@customer.example")
`,
  },

  // ---- The widget (docs/WIDGET.md) --------------------------------------------------------------
  {
    id: 'widget-tag',
    section: 'widget',
    language: 'html',
    runtime: 'browser',
    title: 'Browser: the widget on your pages',
    summary:
      'Before </body> of every page that shows the launcher, on one of your allowed origins, over https. data-token-url is the route below, on the same origin as the page. The first script is optional: it queues commands and listeners until widget.js has loaded.',
    template: String.raw`<script>
  window.CentralTickets = window.CentralTickets || function () {
    (window.CentralTickets.q = window.CentralTickets.q || []).push(arguments);
  };
  CentralTickets('on', 'ticket:created', ({ ticket }) => {
    console.log('Support ticket #' + ticket.number + ' opened: ' + ticket.url);
  });
  // When your user signs out of your app, sign them out of the widget too: CentralTickets('logout');
</script>
<script src="{{portal_url}}/widget.js" data-tenant="{{tenant_slug}}" data-token-url="/support/widget-token" async></script>`,
  },
  {
    id: 'widget-token-express',
    section: 'widget',
    language: 'javascript',
    runtime: 'node-route',
    filename: 'support-routes.mjs',
    title: 'Node.js: the widget\'s token route (Express, with the SDK)',
    summary:
      'Answers the widget\'s POST with { token } for the user your app has signed in (req.user, from your session), 401 when nobody is. The JWT secret stays on your server; the widget asks for a new token each time it signs someone in.',
    template: String.raw`// npm install express @central-tickets/sdk
import express from 'express';
import { signLoginToken } from '@central-tickets/sdk/server';

export const supportRoutes = express.Router();

// data-token-url: called by the widget on your pages, with their cookies.
supportRoutes.post('/support/widget-token', (req, res) => {
  if (!req.user) return res.sendStatus(401); // nobody signed in: the panel asks them to sign in to your site
  const token = signLoginToken({
    email: req.user.email,
    name: req.user.name,
    externalId: String(req.user.id), // your id for the user: their key in your help desk
    secret: process.env.CENTRAL_TICKETS_JWT_SECRET,
    kid: process.env.CENTRAL_TICKETS_JWT_KID, // optional: the secret's key id
    audience: '{{tenant_slug}}', // optional: the token is good for this help desk only
  });
  res.set('Cache-Control', 'no-store').json({ token });
});

// In your app, after the middleware that sets req.user from your session: app.use(supportRoutes);
`,
  },
];

/** Error answers shown on the page; the examples suite compares each with the real one. */
export interface ResponseExample {
  id: string;
  title: string;
  status: number;
  body: Record<string, unknown>;
}

const CORRELATION_ID = '5f0c3a0e-8a7e-4c1e-9d6b-2b5f2f9b8c11';

export const RESPONSE_EXAMPLES: readonly ResponseExample[] = [
  {
    id: 'error-validation',
    title: 'POST /api/tickets with an empty body: 422',
    status: 422,
    body: {
      message: 'The given data was invalid.',
      error: 'Unprocessable Entity',
      code: 'VALIDATION_FAILED',
      errors: { title: ['The title field is required.'], description: ['The description field is required.'] },
      correlation_id: CORRELATION_ID,
    },
  },
  {
    id: 'error-api-token',
    title: 'A revoked or mistyped API token: 401',
    status: 401,
    body: {
      message: 'The API token is invalid or revoked.',
      error: 'Unauthorized',
      code: 'INVALID_API_TOKEN',
      details: 'Send it as "Authorization: Bearer <token>" or "X-Tenant-API-Token: <token>".',
      correlation_id: CORRELATION_ID,
    },
  },
  {
    id: 'error-jwt-replayed',
    title: 'POST /api/jwt/login with a token already used: 401',
    status: 401,
    body: {
      success: false,
      message: 'This login token has already been used.',
      error: 'Unauthorized',
      code: 'TOKEN_REPLAYED',
      details: 'Login tokens are single use: sign a new one for every login.',
      correlation_id: CORRELATION_ID,
    },
  },
  {
    id: 'error-rate-limited',
    title: 'Over a rate limit: 429, with Retry-After',
    status: 429,
    body: {
      message: 'Too many requests.',
      error: 'Too Many Requests',
      code: 'RATE_LIMITED',
      details: 'Limit of 60 requests reached; try again in 3600 seconds.',
      retry_after: 3600,
      correlation_id: CORRELATION_ID,
    },
  },
];
