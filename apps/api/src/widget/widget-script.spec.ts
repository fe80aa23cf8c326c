import { Script } from 'node:vm';
import { frameAncestorSources, withFrameAncestors } from './widget-framing';
import { matchesEtag, renderWidgetScript } from './widget-script';

describe('widget.js', () => {
  const acme = renderWidgetScript({ portal: 'https://acme.tickets.example', tenant: 'acme' });

  it('is a valid classic script, with the portal and the tenant filled in', () => {
    expect(() => new Script(acme.body, { filename: 'widget.js' })).not.toThrow();
    expect(acme.body).toContain('})({"portal":"https://acme.tickets.example","tenant":"acme"});');
    expect(acme.body).not.toContain('__CENTRAL_TICKETS_CONFIG__');
    // Messages go to the portal's exact origin; the script never posts to '*'.
    expect(acme.body).not.toMatch(/postMessage\([^)]*'\*'/);
    expect(acme.body).toContain('event.origin !== config.portal');
  });

  it('stays small', () => {
    expect(Buffer.byteLength(acme.body)).toBeLessThan(20_000);
  });

  it('cannot be broken out of by the values it embeds', () => {
    const odd = renderWidgetScript({ portal: 'https://x.example', tenant: '</script><script>alert(1)</script>' });
    expect(odd.body).not.toContain('</script>');
    expect(() => new Script(odd.body)).not.toThrow();
  });

  it('has a weak ETag that changes with the portal and matches If-None-Match', () => {
    const other = renderWidgetScript({ portal: 'https://globex.tickets.example', tenant: 'globex' });
    expect(acme.etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(renderWidgetScript({ portal: 'https://acme.tickets.example', tenant: 'acme' }).etag).toBe(acme.etag);
    expect(other.etag).not.toBe(acme.etag);
    expect(matchesEtag(acme.etag, acme.etag)).toBe(true);
    expect(matchesEtag(acme.etag.slice(2), acme.etag)).toBe(true);
    expect(matchesEtag(`"nope", ${acme.etag}`, acme.etag)).toBe(true);
    expect(matchesEtag('*', acme.etag)).toBe(true);
    expect(matchesEtag(other.etag, acme.etag)).toBe(false);
    expect(matchesEtag(undefined, acme.etag)).toBe(false);
  });
});

describe('frame-ancestors of the widget page', () => {
  it('lists self and the tenant\'s origins, sorted, without duplicates', () => {
    expect(frameAncestorSources(['https://shop.example', 'http://127.0.0.1:8080', 'https://shop.example'])).toBe(
      "'self' http://127.0.0.1:8080 https://shop.example",
    );
    expect(frameAncestorSources([])).toBe("'self'");
  });

  it('drops anything that is not a plain origin, so no directive or source can be smuggled in', () => {
    expect(frameAncestorSources(['https://a.example; script-src *', 'https://b.example *', 'https://[::1]:8080', "'unsafe-inline'", 'https://ok.example'])).toBe(
      "'self' https://ok.example",
    );
  });

  it('replaces helmet\'s frame-ancestors and keeps every other directive', () => {
    const helmet = "default-src 'self';base-uri 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none'";
    expect(withFrameAncestors(helmet, "'self' https://shop.example")).toBe(
      "default-src 'self';base-uri 'self';img-src 'self' data:;object-src 'none';frame-ancestors 'self' https://shop.example",
    );
    expect(withFrameAncestors(undefined, "'self'")).toBe("frame-ancestors 'self'");
  });
});
