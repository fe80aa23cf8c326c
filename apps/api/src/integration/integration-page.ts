import { escapeHtml as h } from '../core/http/html-page';
import {
  type ExampleLanguage,
  type ExampleSection,
  type ExampleValues,
  fillTemplate,
  INTEGRATION_EXAMPLES,
  type IntegrationExample,
  RESPONSE_EXAMPLES,
} from './integration-examples';

/** What the page is rendered for: a tenant's portal, or the platform host with example values. */
export interface IntegrationPageContext {
  values: ExampleValues;
  /** The tenant's name on its portal; null on the platform host. */
  tenantName: string | null;
  /** Where this page is for a tenant: `{portal}/integration` (shown on the platform host). */
  portalPagePattern: string;
  rateLimits: { redirectPerHour: number; jwtLoginPerHour: number; signupPerHour: number; apiTokensPerHour: number };
}

const LANGUAGE_LABEL: Record<ExampleLanguage, string> = { html: 'HTML + JavaScript', javascript: 'JavaScript', php: 'PHP', python: 'Python' };

/** One example: `<pre><code data-example>`, the code escaped (the examples suite runs exactly this text). */
export function renderExample(example: IntegrationExample, values: ExampleValues): string {
  const code = fillTemplate(example.template, values);
  return `<figure class="example" id="example-${h(example.id)}">
<figcaption><strong>${h(example.title)}</strong>${example.filename ? ` <span class="file">${h(example.filename)}</span>` : ''} <span class="lang">${h(LANGUAGE_LABEL[example.language])}</span></figcaption>
<p>${h(example.summary)}</p>
<pre><code data-example="${h(example.id)}" data-language="${h(example.language)}" data-runtime="${h(example.runtime)}">${h(code)}</code></pre>
</figure>`;
}

function examplesOf(section: ExampleSection, values: ExampleValues, ids?: string[]): string {
  return INTEGRATION_EXAMPLES.filter((e) => e.section === section && (!ids || ids.includes(e.id)))
    .map((e) => renderExample(e, values))
    .join('\n');
}

function responseExamples(): string {
  return RESPONSE_EXAMPLES.map(
    (r) => `<figure class="example" id="response-${h(r.id)}">
<figcaption><strong>${h(r.title)}</strong> <span class="lang">JSON</span></figcaption>
<pre><code data-response="${h(r.id)}" data-status="${r.status}" data-language="json">${h(JSON.stringify(r.body, null, 2))}</code></pre>
</figure>`,
  ).join('\n');
}

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.55; }
  body { margin: 0; background: Canvas; color: CanvasText; }
  header.top, main, footer { max-width: 52rem; margin: 0 auto; padding: 0 1.25rem; }
  header.top { padding-top: 2rem; }
  h1 { font-size: 1.9rem; margin: 0 0 .5rem; }
  h2 { font-size: 1.35rem; margin: 2.5rem 0 .75rem; padding-top: 1rem; border-top: 1px solid rgba(127,127,127,.3); }
  h3 { font-size: 1.1rem; margin: 1.75rem 0 .5rem; }
  a { color: #2457d6; }
  @media (prefers-color-scheme: dark) { a { color: #8fb0ff; } }
  code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; overflow-wrap: anywhere; }
  pre { overflow-x: auto; background: rgba(127,127,127,.12); padding: .85rem 1rem; border-radius: .4rem; line-height: 1.45; }
  pre code { font-size: .85rem; }
  figure.example { margin: 1.25rem 0; }
  figure.example > p { margin: .25rem 0 .5rem; }
  figcaption .file, figcaption .lang { font-size: .8rem; padding: .1rem .45rem; border-radius: .3rem; background: rgba(127,127,127,.18); margin-left: .35rem; }
  table { border-collapse: collapse; width: 100%; margin: .75rem 0; font-size: .95rem; }
  th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid rgba(127,127,127,.25); }
  dl.values { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; background: rgba(127,127,127,.08); padding: 1rem; border-radius: .4rem; }
  dl.values dt { font-weight: 600; } dl.values dd { margin: 0; overflow-wrap: anywhere; }
  nav.toc ol { columns: 2; padding-left: 1.25rem; }
  .note { border-left: 4px solid #d6a324; padding: .5rem 1rem; background: rgba(214,163,36,.1); border-radius: 0 .4rem .4rem 0; }
  footer { padding-bottom: 3rem; margin-top: 3rem; font-size: .9rem; opacity: .8; }
  @media (max-width: 40rem) { nav.toc ol { columns: 1; } dl.values { grid-template-columns: 1fr; } table { display: block; overflow-x: auto; } }
`;

const SECTIONS: Array<[string, string]> = [
  ['methods', 'Choose a method'],
  ['redirect', 'The authentication redirect'],
  ['jwt', 'JWT login'],
  ['api', 'The tenant API'],
  ['widget', 'The widget'],
  ['cors', 'CORS'],
  ['rate-limits', 'Rate limits'],
  ['errors', 'Errors'],
  ['security', 'Security'],
  ['troubleshooting', 'Troubleshooting'],
  ['guides', 'Notes on the earlier guides'],
];

/** The whole guide. Everything interpolated is escaped; the page has no script (the API's CSP allows none inline). */
export function renderIntegrationPage(ctx: IntegrationPageContext): string {
  const v = ctx.values;
  const slug = h(v.tenant_slug);
  const portal = h(v.portal_url);
  const platform = h(v.platform_url);
  const docs = `${platform}/api/docs`;
  const limits = ctx.rateLimits;
  const title = ctx.tenantName === null ? 'Integration guide' : `Integration guide for ${ctx.tenantName}`;

  const intro =
    ctx.tenantName === null
      ? `<p class="note">The examples below use the example slug <code>${slug}</code>. Open this page on your own portal
(<code>${h(ctx.portalPagePattern)}</code>) and every example is filled in with your slug and addresses.</p>`
      : `<p>Every example on this page is filled in for <strong>${h(ctx.tenantName)}</strong>: copy, paste, and set the secrets
in your server's environment.</p>`;

  const body = `
<header class="top">
<h1>${h(title)}</h1>
<p>How your app signs its users in to your help desk, creates tickets for them and embeds support in its pages.
Every example on this page is run by our test suite against a real server, on every change.</p>
${intro}
<dl class="values">
<dt>Tenant slug</dt><dd><code>${slug}</code></dd>
<dt>Your portal</dt><dd><a href="${portal}/">${portal}</a></dd>
<dt>Platform (API)</dt><dd><code>${platform}</code> (every <code>/api</code> route below also answers on your portal)</dd>
<dt>API reference</dt><dd><a href="${docs}">Swagger UI</a> · <a href="${platform}/api/docs-json">OpenAPI document</a></dd>
<dt>Test pages</dt><dd><a href="${platform}/test-auth-redirect?tenant=${slug}">/test-auth-redirect</a> · <a href="${platform}/test-auth-redirect-form?tenant=${slug}">/test-auth-redirect-form</a> (outside production, or with your tenant's <code>test_mode</code>)</dd>
</dl>
<nav class="toc" aria-label="Contents"><ol>
${SECTIONS.map(([id, label]) => `<li><a href="#${id}">${h(label)}</a></li>`).join('\n')}
</ol></nav>
</header>
<main>

<h2 id="methods">Choose a method</h2>
<table>
<thead><tr><th>You want to</th><th>Use</th><th>Secret needed</th></tr></thead>
<tbody>
<tr><td>Send a user who is signed in to your app to the help desk, signed in</td><td><a href="#redirect">The authentication redirect</a>: a form post from your page (simplest), or a call from your server</td><td>None in the browser: your page's origin must be allowed. From a server: your API token</td></tr>
<tr><td>The same, vouched for by your server in every trust mode</td><td><a href="#jwt">JWT login</a>: your server signs a short token, we answer a one-time sign-in URL</td><td>Your JWT secret, on your server only</td></tr>
<tr><td>Create, read and update tickets from your systems</td><td><a href="#api">The tenant API</a></td><td>An API token, on your server only</td></tr>
<tr><td>Put a support button in your pages: your users open tickets without leaving them</td><td><a href="#widget">The widget</a>: one script tag, and a route on your server that signs a login token</td><td>Your JWT secret, on your server only</td></tr>
</tbody>
</table>
<p>Your users never create a password with us. Whoever your app vouches for becomes a <em>requester</em> of your help desk; the
lower-cased email address is their key (or your <code>external_id</code>, with JWT login). Your agents and admins sign in
with their own passwords on your portal.</p>

<h2 id="redirect">The authentication redirect</h2>
<ol>
<li>Your page posts the user's <code>email</code> and <code>name</code> (and where they should land, <code>redirect_url</code>) to
<code>POST ${portal}/api/auth/redirect/${slug}</code> (the platform answers the same path: <code>${platform}/api/auth/redirect/${slug}</code>).</li>
<li>We create or update that user and answer <code>302</code> to <code>${portal}/auth/callback?token=…</code>. The token is encrypted and
authenticated (AES-256-GCM), bound to your tenant and to the host it is for, valid for 120 seconds and <strong>single use</strong>.</li>
<li>The browser follows the redirect; the portal spends the token, begins a session (an <code>HttpOnly</code> cookie of the portal's
own) and redirects to <code>redirect_url</code>, by default <code>${portal}/dashboard</code>.</li>
</ol>
<table>
<thead><tr><th>Field</th><th>Rule</th></tr></thead>
<tbody>
<tr><td><code>email</code></td><td>Required; a valid address of at most 254 characters; compared case-insensitively.</td></tr>
<tr><td><code>name</code></td><td>Required; 1 to 255 characters.</td></tr>
<tr><td><code>redirect_url</code></td><td>Optional; an absolute <code>http(s)</code> URL on your portal, one of your verified domains or one of your allowed origins. Anything else is a <code>422</code>: we never redirect elsewhere.</td></tr>
<tr><td><code>token</code></td><td>Instead of <code>email</code> and <code>name</code>: a login JWT as in <a href="#jwt">JWT login</a>. Accepted in every trust mode.</td></tr>
</tbody>
</table>
<p>Send them as an HTML form (<code>application/x-www-form-urlencoded</code>) or as JSON. <strong>Who may send them</strong> is your tenant's
<code>redirect_auth</code> setting (<code>PATCH /api/tenant</code>, or Settings in the console):</p>
<table>
<thead><tr><th>Mode</th><th>Accepted</th><th>Otherwise</th></tr></thead>
<tbody>
<tr><td><code>origin</code> (default)</td><td>A browser whose <code>Origin</code> (or, without one, <code>Referer</code>) is one of your allowed origins, verified domains or your portal; or any caller that sends your API token.</td><td><code>403 ORIGIN_NOT_ALLOWED</code></td></tr>
<tr><td><code>signed</code></td><td>Only a signed <code>token</code>, or your API token.</td><td><code>403 SIGNATURE_REQUIRED</code></td></tr>
<tr><td><code>open</code></td><td>Anyone. Anybody who knows an address could sign in as its owner: for trials only.</td><td></td></tr>
</tbody>
</table>
<p>The page must already know who the user is: whoever can run this code vouches for the user. Allow your page's origin first
(<a href="#cors">CORS</a> explains what counts as an origin).</p>
${examplesOf('redirect', v, ['redirect-form', 'redirect-sdk-browser'])}

<h3 id="redirect-fetch">Why not <code>fetch()</code> and <code>response.redirected</code></h3>
<p>An earlier guide posts with <code>fetch</code> and then reads <code>response.redirected</code> and <code>response.url</code>. That cannot work:
the answer is a <code>302</code> to a one-time link on another origin. A <code>fetch</code> that follows it (the default) spends the
token itself, inside <code>fetch</code>: the portal's callback runs, but its session cookie never reaches the user's tab, and the
browser then refuses the cross-origin redirect chain, so the promise rejects with a network error. The user stays where they were,
and the link is gone. With <code>redirect: 'manual'</code> the answer is opaque: neither the status nor the <code>Location</code>
can be read. Do one of these instead:</p>
<ul>
<li>post a form (above): the browser follows the redirect in the tab, as it should;</li>
<li>use the SDK's <code>startSupportSession</code> (above), which asks with <code>fetch</code> to show errors on your page, then posts the form;</li>
<li>or ask from your server (below) or use <a href="#jwt">JWT login</a>, and send the browser to the one-time URL.</li>
</ul>

<h3 id="redirect-server">From your server</h3>
<p>Your server can ask for the sign-in link and send the browser there. It has no <code>Origin</code> to show, so it authenticates
with your API token (<code>Authorization: Bearer …</code> or <code>X-Tenant-API-Token</code>); create a token just for this.
The answer is the same <code>302</code>: read its <code>Location</code>, and <strong>do not follow it</strong>. With
<code>CURLOPT_FOLLOWLOCATION</code> (or <code>requests</code>' default <code>allow_redirects=True</code>) your server spends the
one-time token and receives the session cookie, and the user's browser, sent to the final address, arrives signed out.</p>
${examplesOf('redirect', v, ['redirect-server-php', 'redirect-server-python'])}

<h2 id="jwt">JWT login</h2>
<p>Your server signs a short-lived JWT with your tenant's JWT secret and posts it to <code>POST ${platform}/api/jwt/login</code>
with <code>{"token": "…", "tenant_slug": "${slug}"}</code> (on your portal, <code>tenant_slug</code> may be left out). We answer
<code>{"success": true, "redirect_url": "${portal}/auth/callback?token=…", "user": {"id", "email", "name"}}</code>: send the
browser to <code>redirect_url</code> (once, within 120 seconds). Called on your portal host, the answer also sets the session cookie.
This works in every trust mode, and no browser ever sees a secret.</p>
<table>
<thead><tr><th>Claim</th><th>Rule</th></tr></thead>
<tbody>
<tr><td><code>email</code>, <code>name</code></td><td>Required.</td></tr>
<tr><td><code>iat</code>, <code>exp</code></td><td>Required. <code>exp − iat</code> at most 120 seconds; 30 seconds of clock skew are forgiven; later than <code>exp</code> is <code>401 TOKEN_EXPIRED</code>.</td></tr>
<tr><td><code>jti</code></td><td>Recommended: a fresh random id per token. Each token is accepted once (without a <code>jti</code>, by its SHA-256); a second use is <code>401 TOKEN_REPLAYED</code>.</td></tr>
<tr><td><code>external_id</code></td><td>Optional: your id for the user, then their key in your help desk (their email may change).</td></tr>
<tr><td><code>redirect_url</code></td><td>Optional: where they land, with the same rules as the redirect's field.</td></tr>
<tr><td><code>aud</code></td><td>Optional: when present, it must be <code>${slug}</code> or <code>${portal}</code>.</td></tr>
</tbody>
</table>
<p>Only <code>HS256</code>; <code>alg: none</code>, any other algorithm, a wrong secret or another tenant's secret are
<code>401 TOKEN_INVALID</code>. A <code>kid</code> header picks one of your secrets: the <code>jwt_secret_kid</code> that sign-up
returned, or the <code>kid</code> of a rotation. <strong>Rotation:</strong> <code>POST /api/tenant/jwt-secret/rotate</code> (or the console)
returns a new secret, shown once; the previous one keeps working for <code>jwt_secret_grace_hours</code> (24 by default), so
deploy the new secret within that time. Without a <code>kid</code> we try the current secret, then the previous one.</p>
${examplesOf('jwt', v)}

<h2 id="api">The tenant API</h2>
<p>For your servers: send an API token as <code>Authorization: Bearer ct_…</code> or <code>X-Tenant-API-Token: ct_…</code> to
<code>${platform}/api/…</code> (your portal answers the same paths). Tokens belong to one tenant, can be several, are named,
carry scopes (<code>tickets:read</code>, <code>tickets:write</code>, <code>admin</code>), are shown once when created and can be revoked.
A missing or bad token is <code>401 INVALID_API_TOKEN</code>; a token without the scope a route needs, <code>403 FORBIDDEN</code>.
Every route, field and answer is in the <a href="${docs}">API reference (Swagger)</a>.</p>
<table>
<thead><tr><th>Route</th><th>Does</th></tr></thead>
<tbody>
<tr><td><code>POST /api/tickets</code></td><td>Create: <code>title</code>, <code>description</code>, <code>priority</code> (<code>low</code>, <code>medium</code>, <code>high</code>, <code>urgent</code>), <code>category_id</code>, <code>requester_email</code>, <code>requester_name</code>, <code>tags</code>. 201 with the ticket.</td></tr>
<tr><td><code>GET /api/tickets</code></td><td>Newest first; filters <code>status</code>, <code>priority</code>, <code>category_id</code>, <code>requester_email</code>, <code>assignee_id</code>, <code>tag</code>, <code>q</code> (full-text); <code>{data, next_cursor}</code>.</td></tr>
<tr><td><code>GET</code>, <code>PATCH</code>, <code>PUT</code>, <code>DELETE /api/tickets/{id}</code></td><td>One ticket (by id or number) with its comments; change it; delete it.</td></tr>
<tr><td><code>POST /api/tickets/{id}/comments</code></td><td>A public reply, or an internal note with <code>internal: true</code>.</td></tr>
<tr><td><code>GET /api/categories</code>, <code>GET /api/tenant</code></td><td>Your categories; your tenant's public information.</td></tr>
</tbody>
</table>
<p><strong>Idempotency.</strong> Send an <code>Idempotency-Key</code> header (a UUID, or a key of yours for this one operation) with every
create: a retry with the same key and body returns the first answer (with <code>Idempotent-Replayed: true</code>) and creates
nothing; the same key with another body is <code>409 CONFLICT</code>. Keys are kept for 24 hours.</p>
<p><strong>Pagination.</strong> Lists take <code>limit</code> (at most 100) and answer <code>{"data": [...], "next_cursor": "…"}</code>;
pass <code>next_cursor</code> back as <code>cursor</code> until it is <code>null</code>. Cursors are stable while tickets are added.</p>
<p><strong>Errors</strong> come as one envelope (<a href="#errors">below</a>); <strong>rate limits</strong> answer <code>429</code> with
<code>Retry-After</code> (<a href="#rate-limits">below</a>). Never call the tenant API from a browser: the token would be readable
by anyone (and the platform sends no CORS headers for it).</p>
${examplesOf('api', v)}

<h2 id="widget">The widget</h2>
<p>A support button for your pages: it opens your help desk in a panel on the page, signs the person in as the user your app has
signed in, and lets them open a ticket and see theirs without leaving your site. Your page hears what happens
(<code>ticket:created</code> with the ticket's number, …). Before it works:</p>
<ol>
<li><strong>Allow every origin that shows it.</strong> Add the exact origin of each page (<code>https://app.yourcompany.com</code>) to your
allowed origins (<a href="#cors">CORS</a> says what counts as an origin). Your portal may be framed by those origins, your verified
domains and itself, and by no other site (<code>frame-ancestors</code>): elsewhere the browser refuses the panel, and a sign-in for any
other origin is refused with <code>403 ORIGIN_NOT_ALLOWED</code>.</li>
<li><strong>A token route on your server.</strong> <code>data-token-url</code> names a route <strong>on the page's own origin</strong> (a URL of
another origin is refused: the token is your user's credential and goes nowhere else). The widget posts to it with the page's cookies
(<code>credentials: 'same-origin'</code>) each time it signs someone in (when the launcher first opens on a page, and after a session
ends), never ahead of time. It answers <code>{"token": "…"}</code>, a login JWT as in <a href="#jwt">JWT login</a> (at most 120 seconds,
single use), or <code>401</code>, <code>403</code> or <code>204</code> when nobody is signed in: the panel then asks the person to sign in
to your site. The widget never takes an email from the page.</li>
<li><strong>https, on your pages and your portal.</strong> The panel is a frame of another site: browsers keep its session only in a
<code>Secure; SameSite=None; Partitioned</code> cookie, kept for your site alone, which needs https. Where the frame gets no cookie
(plain http, as in local development, or a browser that blocks third-party cookies and has no partitioned ones, such as Safari by
default) the panel says so and offers <strong>Open in a new window</strong>: a popup, where your portal is first-party and signs in as
usual. <code>data-mode="popup"</code> skips the panel. For the popup, your pages must not send
<code>Cross-Origin-Opener-Policy: same-origin</code> (<code>same-origin-allow-popups</code> is fine).</li>
</ol>
${examplesOf('widget', v)}
<table>
<thead><tr><th>Attribute</th><th></th></tr></thead>
<tbody>
<tr><td><code>data-tenant</code></td><td>Required: <code>${slug}</code>. The script comes from your portal and starts only when this names it (a console error otherwise).</td></tr>
<tr><td><code>data-token-url</code></td><td>Your token route, on the page's own origin (above). Or leave it out and call <code>identify</code>.</td></tr>
<tr><td><code>data-mode</code></td><td><code>frame</code> (the default): a panel with your portal in an iframe. <code>popup</code>: a window of its own.</td></tr>
<tr><td><code>data-label</code></td><td>The launcher's text, also the panel's accessible name (default <code>Support</code>).</td></tr>
</tbody>
</table>
<p>The script defines <code>CentralTickets(command, …arguments)</code>; with the first script of the example, commands called before it
has loaded are queued and run once it has.</p>
<table>
<thead><tr><th>Command</th><th>Does</th></tr></thead>
<tbody>
<tr><td><code>identify</code>, <code>{ token }</code></td><td>Instead of <code>data-token-url</code>: a login JWT your server signed (used once), or a function returning one or a promise of one (called each time a token is needed). <code>{ token: null }</code>: nobody is signed in. Anything else, an <code>email</code> say, is refused.</td></tr>
<tr><td><code>open</code>, <code>close</code>, <code>toggle</code></td><td>Show or hide the panel (open or close the popup).</td></tr>
<tr><td><code>prefill</code>, <code>{ title, description }</code></td><td>Fills the new-ticket form; nothing is sent until the person sends it.</td></tr>
<tr><td><code>logout</code></td><td>Your user signed out: see below.</td></tr>
<tr><td><code>on</code> / <code>off</code>, <code>type</code>, <code>handler</code></td><td>Listen to the events below (each is also a <code>CustomEvent</code> named <code>central-tickets:{type}</code> on <code>window</code>, with the same <code>detail</code>).</td></tr>
<tr><td><code>user</code></td><td>Returns the signed-in <code>{ email, name }</code> the widget keeps, or <code>null</code>.</td></tr>
</tbody>
</table>
<table>
<thead><tr><th>Event</th><th>Detail</th><th>When</th></tr></thead>
<tbody>
<tr><td><code>ready</code></td><td><code>{}</code></td><td>Your portal's page has loaded in the panel or popup.</td></tr>
<tr><td><code>authenticated</code></td><td><code>{ user: { email, name } }</code></td><td>Your portal signed the person in, as it knows them after verifying the token.</td></tr>
<tr><td><code>ticket:created</code></td><td><code>{ ticket: { id, number, title, status, url } }</code></td><td>The person opened a ticket: <code>number</code> is your ticket number, <code>url</code> its page on your portal.</td></tr>
<tr><td><code>closed</code></td><td><code>{}</code></td><td>The panel was closed (its close button, Escape, <code>close</code>) or the popup window was.</td></tr>
<tr><td><code>error</code></td><td><code>{ code, message }</code></td><td><code>TOKEN_UNAVAILABLE</code> (your token route failed), <code>POPUP_BLOCKED</code>, <code>SESSION_BLOCKED</code> (no cookie in the frame, above), <code>ORIGIN_NOT_ALLOWED</code>, or a sign-in code of <a href="#jwt">JWT login</a> (<code>TOKEN_INVALID</code>, <code>TOKEN_EXPIRED</code>, <code>TOKEN_REPLAYED</code>, <code>RATE_LIMITED</code>, …).</td></tr>
</tbody>
</table>
<p><strong>Signing out.</strong> Call <code>CentralTickets('logout')</code> when your user signs out of your app: the widget forgets the user
it keeps (email and name only, under the <code>localStorage</code> key <code>central-tickets:${slug}:user</code> of your page's origin; it
never signs anyone in with it) and ends the panel's session on your portal, loading the panel hidden if needed. A token route that
answers <code>401</code> signs the panel out too. A popup's session can be ended only while the popup is open; otherwise it ends at the widget's next
sign-in, or after the idle timeout.</p>
<p><strong>Your Content Security Policy.</strong> The widget needs no inline script or style. With a strict policy, allow your portal for
scripts and frames and your own origin for the token route: <code>script-src 'self' ${portal}; frame-src ${portal}; connect-src 'self'</code>
(with a nonce or a hash for the first script of the example, or move it into a file of yours).</p>

<h2 id="cors">CORS</h2>
<p>Browsers may call us from your pages only from your <strong>allowed origins</strong>: a list of exact origins,
<code>scheme://host[:port]</code> with no path and no wildcard (<code>https://app.yourcompany.com</code>, not
<code>https://app.yourcompany.com/</code> or <code>*.yourcompany.com</code>). Set them with
<code>PATCH /api/tenant {"allowed_origins": ["https://app.yourcompany.com"]}</code> or in the console. Your portal and your verified
custom domains count as allowed too.</p>
<ul>
<li>An allowed origin gets <code>Access-Control-Allow-Origin</code> (that origin, never <code>*</code>) and
<code>Access-Control-Allow-Credentials: true</code> on the sign-in routes (<code>/api/auth/redirect/${slug}</code>,
<code>/api/jwt/login</code>) and on your portal. Any other origin gets no CORS headers at all, and the browser refuses to show the answer.</li>
<li>A form post needs no CORS: the browser navigates and never reads the answer. (The trust mode's origin check applies all the
same: in <code>origin</code> mode the page must be on an allowed origin.)</li>
<li>The tenant API is for servers: on the platform host it sends no CORS headers at all, and an API token never belongs in a page.</li>
</ul>

<h2 id="rate-limits">Rate limits</h2>
<p>Counted per client IP address over an hour: ${limits.redirectPerHour} authentication redirects (the test endpoint counts apart),
${limits.jwtLoginPerHour} JWT logins, ${limits.signupPerHour} sign-ups, ${limits.apiTokensPerHour} API tokens created. Every counted
answer carries <code>X-RateLimit-Limit</code> and <code>X-RateLimit-Remaining</code>. Over the limit the answer is
<code>429 RATE_LIMITED</code> with a <code>Retry-After</code> header and <code>retry_after</code> in the body, both in seconds: wait
that long (the SDK does), and back off exponentially on repeated failures.</p>

<h2 id="errors">Errors</h2>
<p>Every error is JSON with one envelope; fields that do not apply are left out. <code>correlation_id</code> is also in the
<code>X-Correlation-Id</code> header of every answer: quote it when you write to support. JWT login adds <code>"success": false</code>.</p>
<table>
<thead><tr><th>Status</th><th>Codes</th><th>When</th></tr></thead>
<tbody>
<tr><td>400</td><td><code>BAD_REQUEST</code></td><td>Malformed JSON or form body, wrong content type.</td></tr>
<tr><td>401</td><td><code>INVALID_API_TOKEN</code>, <code>TOKEN_INVALID</code>, <code>TOKEN_EXPIRED</code>, <code>TOKEN_REPLAYED</code>, <code>UNAUTHENTICATED</code></td><td>Bad credentials or tokens.</td></tr>
<tr><td>403</td><td><code>ORIGIN_NOT_ALLOWED</code>, <code>SIGNATURE_REQUIRED</code>, <code>DOMAIN_NOT_VERIFIED</code>, <code>FORBIDDEN</code></td><td>Your tenant's rules refuse the request.</td></tr>
<tr><td>404</td><td><code>TENANT_NOT_FOUND</code>, <code>NOT_FOUND</code></td><td>Unknown tenant, route or record (another tenant's records included).</td></tr>
<tr><td>409</td><td><code>CONFLICT</code></td><td>Idempotency key reused with another body; a name already taken.</td></tr>
<tr><td>422</td><td><code>VALIDATION_FAILED</code></td><td>A field is invalid: <code>errors</code> maps each field to its messages.</td></tr>
<tr><td>429</td><td><code>RATE_LIMITED</code></td><td>Over a rate limit: wait <code>Retry-After</code> seconds.</td></tr>
<tr><td>500</td><td><code>INTERNAL_ERROR</code></td><td>Our fault. Retry later; quote the correlation id.</td></tr>
</tbody>
</table>
${responseExamples()}

<h2 id="security">Security</h2>
<ul>
<li><strong>Secrets never go to a browser.</strong> The JWT secret and API tokens belong in your server's environment
(<code>CENTRAL_TICKETS_JWT_SECRET</code>, <code>CENTRAL_TICKETS_API_TOKEN</code> in the examples). Anyone who can read them can sign
in as any of your users or read every ticket. If one leaks, rotate the JWT secret or revoke the token at once.</li>
<li><strong>Choose the trust mode you need.</strong> <code>origin</code> trusts your pages: any script on an allowed origin can vouch
for any address, so allow only origins whose users you have signed in. <code>signed</code> trusts only your server's signature:
use it when your pages cannot be trusted with that. Never leave <code>open</code> on in production.</li>
<li><strong>Verified domains only.</strong> A custom domain receives tokens and redirects only after its DNS TXT record is verified;
before that, <code>403 DOMAIN_NOT_VERIFIED</code>.</li>
<li><strong>One-time links.</strong> Sign-in links and login tokens work once and expire within two minutes. Never log them, never
follow them from your server, sign a new token for every sign-in.</li>
<li>Use <code>https</code> everywhere outside local development; over https our session cookie is <code>__Host-</code>,
<code>Secure</code>, <code>HttpOnly</code> and <code>SameSite=None</code> (and <code>Partitioned</code> in the widget's panel). The widget's
panel needs https to keep a session at all.</li>
<li><strong>The widget's token route</strong> answers only for the user of the session it is called in, like any route of your app;
a token it signs is your user's credential: it never leaves your origin.</li>
<li>Keep <code>redirect_url</code> on your own addresses; we refuse any other.</li>
</ul>

<h2 id="troubleshooting">Troubleshooting</h2>
<table>
<thead><tr><th>You see</th><th>What to do</th></tr></thead>
<tbody>
<tr><td><code>403 ORIGIN_NOT_ALLOWED</code></td><td>Add the exact origin of the page that posts (scheme, host and port, as the browser's <code>Origin</code> header shows it) to your allowed origins. From a server, send your API token instead.</td></tr>
<tr><td><code>403 SIGNATURE_REQUIRED</code></td><td>Your tenant is in <code>signed</code> mode: send a login <code>token</code> (JWT login) or call from your server with your API token.</td></tr>
<tr><td><code>403 DOMAIN_NOT_VERIFIED</code></td><td><code>redirect_url</code> is on a custom domain whose TXT record is not verified yet: create <code>_central-tickets.{domain}</code> and verify it in the console.</td></tr>
<tr><td><code>422 VALIDATION_FAILED</code></td><td>Read <code>errors</code>: a missing <code>name</code> or <code>email</code>, or a <code>redirect_url</code> that is not on your portal, a verified domain or an allowed origin.</td></tr>
<tr><td><code>401 TOKEN_EXPIRED</code></td><td>The token is older than its <code>exp</code> (or the link older than 120 s): sign it just before use, and check your server's clock (NTP).</td></tr>
<tr><td><code>401 TOKEN_REPLAYED</code></td><td>A token or link was used twice: a page reload, a retry, or a server that followed the redirect. Sign a new token, with a new <code>jti</code>, for every sign-in.</td></tr>
<tr><td><code>401 TOKEN_INVALID</code></td><td>Wrong secret (rotated? check <code>kid</code>), not <code>HS256</code>, a claim missing, <code>exp − iat</code> over 120 s, or an <code>aud</code> that is not yours.</td></tr>
<tr><td><code>401 INVALID_API_TOKEN</code></td><td>The token is mistyped, revoked or another tenant's. Send it as <code>Authorization: Bearer ct_…</code>.</td></tr>
<tr><td><code>403 FORBIDDEN</code></td><td>The token lacks the scope: <code>tickets:read</code>, <code>tickets:write</code> or <code>admin</code>.</td></tr>
<tr><td><code>404 TENANT_NOT_FOUND</code></td><td>Check the slug in the URL or <code>tenant_slug</code> (it is <code>${slug}</code>) and the host name.</td></tr>
<tr><td><code>429 RATE_LIMITED</code></td><td>Wait <code>Retry-After</code> seconds. Many users behind one proxy share an IP: tell us if you need a higher limit.</td></tr>
<tr><td>The user lands on the portal signed out</td><td>Something spent the link before the browser: a <code>fetch</code> that followed the redirect, or a server with <code>CURLOPT_FOLLOWLOCATION</code>. Cookies blocked in the browser do the same.</td></tr>
<tr><td>A CORS error in the console, <code>TypeError: Failed to fetch</code></td><td>Your page's origin is not allowed (or the call is to the tenant API from a browser). Use the form post, or add the origin.</td></tr>
<tr><td>The widget's panel says your browser keeps the help desk from signing you in (<code>error</code> event <code>SESSION_BLOCKED</code>)</td><td>The frame got no session cookie: serve your pages and your portal over https. Browsers without partitioned cookies that block third-party cookies do this anyway: the person uses <strong>Open in a new window</strong>, or set <code>data-mode="popup"</code>.</td></tr>
<tr><td>The widget's panel stays empty; the browser console reports <code>frame-ancestors</code></td><td>The page's origin is not one of your allowed origins (or verified domains): add its exact origin.</td></tr>
<tr><td>The widget's panel says "Sign in to the site to contact support."</td><td>Your token route answered 401, 403 or 204, or no <code>token</code>: the page was not signed in to your app, or the route does not see its session (it must be on the page's own origin, and read the same cookies).</td></tr>
<tr><td>No launcher; the browser console names <code>data-tenant</code></td><td><code>data-tenant</code> must be <code>${slug}</code>, and the script loaded from your portal (<code>${portal}/widget.js</code>).</td></tr>
<tr><td>The widget's panel stays at "Signing you in…"; the browser console names <code>data-token-url</code></td><td>The token route must be on the page's own origin: a path such as <code>/support/widget-token</code>, or a URL of that origin.</td></tr>
<tr><td>The button does nothing</td><td>Open the browser console: <code>currentUser</code> undefined, an error in your script, or a Content Security Policy that blocks the form's target (<code>form-action</code> must allow <code>${portal}</code>).</td></tr>
</tbody>
</table>

<h2 id="guides">Notes on the earlier guides</h2>
<p>Two earlier integration guides circulate. Their examples were tested as printed; where they differ from this page, this page is right:</p>
<ul>
<li>The JavaScript <code>redirectToTickets()</code> and <code>contactSupportAjax()</code> post with <code>fetch</code> and read
<code>response.redirected</code>: the link is spent inside <code>fetch</code> and the user is not signed in (<a href="#redirect-fetch">why</a>).
Use the form post.</li>
<li>The PHP <code>redirectToTickets()</code> follows the redirect with <code>CURLOPT_FOLLOWLOCATION</code>: your server spends the link and
the user lands signed out. It also sends no API token, so in the default trust mode it is refused. Use the
<a href="#redirect-server">server example</a> or JWT login.</li>
<li>The first Blade example never sets the name field's <code>name</code>, so the form posts no <code>name</code> and gets a
<code>422</code>. The AJAX example reads a <code>csrf-token</code> meta tag its page does not have, so it stops at "Please log in".</li>
<li>The browser <code>loginToTickets()</code> receives the tenant's JWT secret in the page: sign the token on your server and hand the
page only the token (<a href="#example-jwt-browser">example</a>).</li>
<li>The Python <code>redirect_to_tickets()</code> is right not to follow the redirect, but sends no API token: in the default trust mode
it is refused and returns <code>None</code>. Add the <code>Authorization</code> header (<a href="#example-redirect-server-python">example</a>).</li>
<li>The Node.js <code>generateJWToken()</code> works as printed. Add a random <code>jti</code>: without one, two sign-ins of the same user
within one second produce the same token, and the second is refused as a replay.</li>
<li>Tokens are encrypted with AES-256-GCM, not AES-256-CBC: they are authenticated, so a changed token is refused.</li>
</ul>
</main>
<footer>
<p>Central Tickets · <a href="${docs}">API reference</a> · <a href="#methods">Back to the top</a></p>
</footer>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="strict-origin-when-cross-origin">
<title>${h(title)} · Central Tickets</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
