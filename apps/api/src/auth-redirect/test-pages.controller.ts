import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SLUG_PATTERN } from '@central-tickets/contracts';
import { Public } from '../core/auth/auth.decorators';
import { escapeHtml, page } from './pages';

const slugOf = (value: unknown) => (typeof value === 'string' && SLUG_PATTERN.test(value) ? value : '');

const FIELDS = (slug: string) => `
<label for="tenant">Tenant slug</label><input id="tenant" name="tenant" value="${escapeHtml(slug)}" required pattern="[a-z0-9]+(-[a-z0-9]+)*" autocomplete="off">
<label for="email">Email</label><input id="email" name="email" type="email" value="user@example.com" required>
<label for="name">Name</label><input id="name" name="name" value="John Doe" required>
<label for="redirect_url">Redirect URL (optional)</label><input id="redirect_url" name="redirect_url" type="url" placeholder="https://ticket.yourcompany.com/dashboard">`;

/**
 * The test pages of the guides: try the authentication redirect by hand. They drive the live
 * and the test endpoint with the same checks; those answer only while the tenant's test tools
 * are on (outside production, or with `test_mode`), and then trust this page's origin.
 */
@ApiExcludeController()
@Controller()
export class TestPagesController {
  @Get('test-auth-redirect')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  json(@Query('tenant') tenant: unknown): string {
    return page(
      'Test the authentication redirect',
      `<h1>Test the authentication redirect</h1>
<p>Calls <code>POST /api/test/auth/redirect/{tenant}</code>, which runs every check of the live endpoint and answers with the one-time URL as JSON instead of redirecting.</p>
<form id="test-form">${FIELDS(slugOf(tenant))}
<div class="actions"><button class="button" type="submit">Get a sign-in URL</button></div>
</form>
<div id="result" role="status" aria-live="polite"></div>
<p class="meta"><a href="/test-auth-redirect-form">Try the form post instead</a> · <a href="/api/docs">API docs</a></p>`,
      '/test-auth-redirect.js',
    );
  }

  @Get('test-auth-redirect.js')
  @Public()
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  script(): string {
    return TEST_PAGE_SCRIPT;
  }

  @Get('test-auth-redirect-form')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  form(@Query('tenant') tenant: unknown): string {
    const slug = slugOf(tenant);
    if (!slug) {
      return page(
        'Test the form post',
        `<h1>Test the form post</h1>
<form method="get" action="/test-auth-redirect-form">
<label for="tenant">Tenant slug</label><input id="tenant" name="tenant" required pattern="[a-z0-9]+(-[a-z0-9]+)*" autocomplete="off">
<div class="actions"><button class="button" type="submit">Continue</button></div>
</form>`,
      );
    }
    return page(
      'Test the form post',
      `<h1>Test the form post for ${escapeHtml(slug)}</h1>
<p>Posts the form to <code>/api/auth/redirect/${escapeHtml(slug)}</code>, as the guides' <code>contactSupport()</code> does: you should land on the portal, signed in.</p>
<form method="post" action="/api/auth/redirect/${escapeHtml(slug)}" accept-charset="UTF-8">
<label for="email">Email</label><input id="email" name="email" type="email" value="user@example.com" required>
<label for="name">Name</label><input id="name" name="name" value="John Doe" required>
<label for="redirect_url">Redirect URL (optional)</label><input id="redirect_url" name="redirect_url" type="url" placeholder="https://ticket.yourcompany.com/dashboard">
<div class="actions"><button class="button" type="submit">Sign in to the portal</button></div>
</form>
<p class="meta"><a href="/test-auth-redirect?tenant=${escapeHtml(slug)}">Try the JSON test endpoint instead</a></p>`,
    );
  }
}

const TEST_PAGE_SCRIPT = `'use strict';
document.getElementById('test-form').addEventListener('submit', async function (event) {
  event.preventDefault();
  var data = new FormData(event.target);
  var body = { email: data.get('email'), name: data.get('name') };
  if (data.get('redirect_url')) body.redirect_url = data.get('redirect_url');
  var result = document.getElementById('result');
  result.textContent = 'Asking…';
  try {
    var response = await fetch('/api/test/auth/redirect/' + encodeURIComponent(data.get('tenant')), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    var json = await response.json();
    result.replaceChildren();
    var status = document.createElement('p');
    status.textContent = response.ok ? 'It works: this URL signs the user in once, within ' + json.expires_in + ' seconds.' : 'Refused (' + response.status + ' ' + json.code + '): ' + json.message;
    result.appendChild(status);
    if (response.ok) {
      var link = document.createElement('a');
      link.className = 'button';
      link.href = json.redirect_url;
      link.textContent = 'Open the portal signed in';
      result.appendChild(link);
    }
    var pre = document.createElement('pre');
    pre.textContent = JSON.stringify(json, null, 2);
    result.appendChild(pre);
  } catch (error) {
    result.textContent = 'The request failed: ' + error;
  }
});
`;
