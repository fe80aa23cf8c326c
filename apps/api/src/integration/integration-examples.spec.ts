import { fillTemplate, INTEGRATION_EXAMPLES } from './integration-examples';

const VALUES = { tenant_slug: 'acme', portal_url: 'https://acme.tickets.example.com', platform_url: 'https://tickets.example.com' };

describe('fillTemplate', () => {
  it('puts the values in every placeholder', () => {
    expect(fillTemplate("form.action = '{{portal_url}}/api/auth/redirect/{{tenant_slug}}'; // {{platform_url}}", VALUES)).toBe(
      "form.action = 'https://acme.tickets.example.com/api/auth/redirect/acme'; // https://tickets.example.com",
    );
  });

  it('leaves other braces alone (Python f-strings, PHP interpolation)', () => {
    expect(fillTemplate('f"{error[\'code\']}" "{$data[\'id\']}" {{tenant_slug}}', VALUES)).toBe('f"{error[\'code\']}" "{$data[\'id\']}" acme');
  });

  it('refuses a value that could break out of a string literal', () => {
    for (const bad of ["x'", 'x"', 'x`', 'x\\', 'a b', 'x<', 'x$', '']) {
      expect(() => fillTemplate('{{tenant_slug}}', { ...VALUES, tenant_slug: bad })).toThrow(/Unsafe value/);
    }
  });

  it('refuses an unknown placeholder', () => {
    expect(() => fillTemplate('{{api_token}}', VALUES)).toThrow(/Unknown placeholder/);
  });
});

describe('the examples', () => {
  it('have unique ids and fill without error', () => {
    expect(new Set(INTEGRATION_EXAMPLES.map((e) => e.id)).size).toBe(INTEGRATION_EXAMPLES.length);
    for (const e of INTEGRATION_EXAMPLES) expect(fillTemplate(e.template, VALUES)).not.toMatch(/\{\{/);
  });

  it('read secrets from the environment only', () => {
    for (const e of INTEGRATION_EXAMPLES) {
      expect([e.id, /ct_[A-Za-z0-9_-]{20,}|YOUR[ _]TENANT[ _]API/.test(e.template)]).toEqual([e.id, false]);
    }
    const secretUsers = INTEGRATION_EXAMPLES.filter((e) => /JWT_SECRET|API_TOKEN/.test(e.template));
    expect(secretUsers.every((e) => e.runtime !== 'browser')).toBe(true);
  });
});

describe("the widget's examples", () => {
  const code = (id: string) => fillTemplate(INTEGRATION_EXAMPLES.find((e) => e.id === id)?.template ?? '', VALUES);

  it('the tag loads widget.js from the portal, names the tenant, and asks the route of the token example, on its own origin', () => {
    const tag = code('widget-tag');
    expect(tag).toContain('<script src="https://acme.tickets.example.com/widget.js" data-tenant="acme" data-token-url="/support/widget-token" async></script>');
    expect(code('widget-token-express')).toContain("supportRoutes.post('/support/widget-token',");
  });

  it('the tag registers its listener through the queueing stub, and names the logout command', () => {
    const tag = code('widget-tag');
    expect(tag.indexOf('window.CentralTickets = window.CentralTickets ||')).toBeLessThan(tag.indexOf("CentralTickets('on', 'ticket:created'"));
    expect(tag.indexOf("CentralTickets('on'")).toBeLessThan(tag.indexOf('/widget.js'));
    expect(tag).toContain("CentralTickets('logout')");
  });
});
