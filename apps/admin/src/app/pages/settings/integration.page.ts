import { ChangeDetectionStrategy, Component, computed, inject, type OnInit, signal } from '@angular/core';
import type { TenantDto } from '@central-tickets/contracts';
import { Api } from '../../core/api';
import { Actions } from './actions';
import { SettingsNav } from './settings-nav';

interface Snippet {
  id: string;
  title: string;
  when: string;
  language: string;
  code: string;
}

/** Every sign-in method and the API, as code with this tenant's slug and portal filled in. */
function snippetsFor(tenant: TenantDto): Snippet[] {
  const portal = tenant.portal_url;
  const slug = tenant.slug;
  return [
    {
      id: 'redirect',
      title: 'Send a signed-in user to the help desk (browser, authentication redirect)',
      when: `From a page of one of your allowed origins (${tenant.allowed_origins.join(', ') || 'add yours on the first settings page'}). Your app must already know who the user is.`,
      language: 'html',
      code: `<script>
function contactSupport(user, redirectUrl = '${portal}/dashboard') {
  if (!user || !user.email) throw new Error('Sign the user in first.');
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = '${portal}/api/auth/redirect/${slug}';
  for (const [name, value] of Object.entries({ email: user.email, name: user.name || user.email, redirect_url: redirectUrl })) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
}
</script>
<button onclick="contactSupport({ email: currentUser.email, name: currentUser.name })">Contact support</button>`,
    },
    {
      id: 'jwt-node',
      title: 'Sign the user in from your server (Node, JWT login)',
      when: 'The safest method: the JWT secret stays on your server. Works in every trust mode.',
      language: 'js',
      code: `// npm install jsonwebtoken
const jwt = require('jsonwebtoken');
const crypto = require('node:crypto');

async function supportUrlFor(user) {
  const now = Math.floor(Date.now() / 1000);
  const token = jwt.sign(
    { email: user.email, name: user.name, iat: now, exp: now + 120, jti: crypto.randomUUID() },
    process.env.CENTRAL_TICKETS_JWT_SECRET,
    { algorithm: 'HS256' },
  );
  const res = await fetch('${portal}/api/jwt/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token, tenant_slug: '${slug}' }),
  });
  const body = await res.json();
  if (!body.success) throw new Error(body.message);
  return body.redirect_url; // send the browser there (once, within 2 minutes)
}`,
    },
    {
      id: 'jwt-php',
      title: 'Sign the user in from your server (PHP, JWT login)',
      when: 'Do not follow the redirect with curl: the link is single use, and the browser must spend it.',
      language: 'php',
      code: `<?php
// composer require firebase/php-jwt
use Firebase\\JWT\\JWT;

$now = time();
$token = JWT::encode([
    'email' => $user['email'], 'name' => $user['name'],
    'iat' => $now, 'exp' => $now + 120, 'jti' => bin2hex(random_bytes(16)),
], getenv('CENTRAL_TICKETS_JWT_SECRET'), 'HS256');

$ch = curl_init('${portal}/api/jwt/login');
curl_setopt_array($ch, [
    CURLOPT_POST => true,
    CURLOPT_POSTFIELDS => json_encode(['token' => $token, 'tenant_slug' => '${slug}']),
    CURLOPT_HTTPHEADER => ['Content-Type: application/json'],
    CURLOPT_RETURNTRANSFER => true,
]);
$body = json_decode(curl_exec($ch), true);
curl_close($ch);
if (empty($body['success'])) { throw new RuntimeException($body['message'] ?? 'Sign-in failed'); }
header('Location: ' . $body['redirect_url']);`,
    },
    {
      id: 'jwt-python',
      title: 'Sign the user in from your server (Python, JWT login)',
      when: 'Same flow as the Node example.',
      language: 'python',
      code: `# pip install pyjwt requests
import os, time, uuid
import jwt, requests

def support_url_for(user):
    now = int(time.time())
    token = jwt.encode(
        {"email": user["email"], "name": user["name"], "iat": now, "exp": now + 120, "jti": str(uuid.uuid4())},
        os.environ["CENTRAL_TICKETS_JWT_SECRET"],
        algorithm="HS256",
    )
    body = requests.post("${portal}/api/jwt/login", json={"token": token, "tenant_slug": "${slug}"}, timeout=10).json()
    if not body.get("success"):
        raise RuntimeError(body.get("message"))
    return body["redirect_url"]  # redirect the browser there`,
    },
    {
      id: 'api',
      title: 'Create a ticket through the API (any language; curl shown)',
      when: 'With an API token that has tickets:write (create one on the first settings page). Never in a browser.',
      language: 'sh',
      code: `curl -X POST '${portal}/api/tickets' \\
  -H "Authorization: Bearer $CENTRAL_TICKETS_API_TOKEN" \\
  -H 'Content-Type: application/json' \\
  -H "Idempotency-Key: $(uuidgen)" \\
  -d '{"title": "Cannot log in", "description": "Since this morning.", "requester_email": "jane@customer.example", "requester_name": "Jane Doe"}'`,
    },
  ];
}

/** Ready-to-paste code for this tenant, for every method the integration guides describe. */
@Component({
  selector: 'ct-integration-page',
  imports: [SettingsNav],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Settings</h1>
    <ct-settings-nav />
    <h2>Integration</h2>
    <p>Your portal is <a [href]="tenant()?.portal_url">{{ tenant()?.portal_url }}</a> and your tenant slug <code>{{ tenant()?.slug }}</code>.
      The full reference is the <a href="/api/docs" target="_blank" rel="noopener">API documentation</a>.</p>
    @if (actions.messageOf('load'); as m) { <p class="error" role="alert">{{ m.text }}</p> }
    @for (s of snippets(); track s.id) {
      <section [attr.aria-labelledby]="'snippet-' + s.id">
        <h3 [id]="'snippet-' + s.id">{{ s.title }}</h3>
        <p>{{ s.when }}</p>
        <pre><code [attr.data-language]="s.language">{{ s.code }}</code></pre>
        <button type="button" (click)="copy(s)">{{ copied() === s.id ? 'Copied' : 'Copy' }}</button>
      </section>
    }
  `,
  styles: `
    section { border-top: 1px solid var(--line); padding: .75rem 0; }
    pre { overflow-x: auto; background: var(--soft); padding: .75rem; border-radius: .4rem; font-size: .9em; }
  `,
})
export class IntegrationPage implements OnInit {
  private readonly api = inject(Api);
  protected readonly actions = new Actions();
  protected readonly tenant = signal<TenantDto | null>(null);
  protected readonly snippets = computed(() => {
    const tenant = this.tenant();
    return tenant ? snippetsFor(tenant) : [];
  });
  protected readonly copied = signal<string | null>(null);

  ngOnInit(): void {
    void this.actions.run('load', async () => this.tenant.set(await this.api.get<TenantDto>('/api/tenant')));
  }

  async copy(snippet: Snippet): Promise<void> {
    await navigator.clipboard?.writeText(snippet.code).catch(() => undefined);
    this.copied.set(snippet.id);
  }
}
