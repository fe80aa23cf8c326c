import { fakeDocument, type FakeElement } from '../../testing/fakes';
import { contactSupport, createSupportForm } from './contact-support';
import { SignInRequiredError } from './support-request';

const PLATFORM = 'https://tickets.example.com';
const USER = { email: 'zoe.angstrom@company.example', name: 'Zoë Ångström' };

const inputs = (form: FakeElement) =>
  form.children.map((input) => ({ tag: input.tagName, type: input['type'], name: input['name'], value: input['value'] }));

describe('contactSupport (the guides\' form post)', () => {
  it('posts email, name and redirect_url as hidden fields to /api/auth/redirect/{tenant}, in a new tab by default', () => {
    const { document, body, submissions } = fakeDocument();
    contactSupport({ baseUrl: PLATFORM, tenant: 'acme', user: USER, redirectUrl: 'https://acme.tickets.example.com/dashboard', document });

    expect(submissions).toHaveLength(1);
    const { form, inPage, fields } = submissions[0];
    expect(form).toMatchObject({
      tagName: 'FORM',
      method: 'POST',
      action: `${PLATFORM}/api/auth/redirect/acme`,
      acceptCharset: 'UTF-8',
      enctype: 'application/x-www-form-urlencoded',
      target: '_blank',
      attributes: { rel: 'noopener' },
    });
    expect(inputs(form)).toEqual([
      { tag: 'INPUT', type: 'hidden', name: 'email', value: USER.email },
      { tag: 'INPUT', type: 'hidden', name: 'name', value: USER.name },
      { tag: 'INPUT', type: 'hidden', name: 'redirect_url', value: 'https://acme.tickets.example.com/dashboard' },
    ]);
    expect(fields).toEqual({ email: USER.email, name: USER.name, redirect_url: 'https://acme.tickets.example.com/dashboard' });
    // Submitted from the page (a form must be in the document to submit), then taken out again.
    expect(inPage).toBe(true);
    expect(body.children).toEqual([]);
  });

  it('stays in this tab with newTab: false, and leaves redirect_url out when not given', () => {
    const { document, submissions } = fakeDocument();
    contactSupport({ baseUrl: 'http://acme.localhost:3000/', tenant: 'acme', user: USER, newTab: false, document });
    const { form, fields } = submissions[0];
    expect(form['action']).toBe('http://acme.localhost:3000/api/auth/redirect/acme');
    expect(form['target']).toBeUndefined();
    expect(form.attributes).toEqual({});
    expect(fields).toEqual({ email: USER.email, name: USER.name });
  });

  it('trims the user, and lets the email stand in for a missing name (the API requires one)', () => {
    const { document, submissions } = fakeDocument();
    contactSupport({ baseUrl: PLATFORM, tenant: 'acme', user: { email: '  jane@customer.example ', name: '  ' }, document });
    expect(submissions[0].fields).toEqual({ email: 'jane@customer.example', name: 'jane@customer.example' });
  });

  it.each([
    ['no user', null],
    ['an undefined user', undefined],
    ['a user without an email', { name: 'Jane' }],
    ['an empty email', { email: '   ', name: 'Jane' }],
  ])('refuses to run with %s, as the guides do, and posts nothing', (_label, user) => {
    const { document, submissions, body } = fakeDocument();
    expect(() => contactSupport({ baseUrl: PLATFORM, tenant: 'acme', user: user as never, document })).toThrow(SignInRequiredError);
    expect(submissions).toEqual([]);
    expect(body.children).toEqual([]);
  });

  it.each([
    [{ tenant: '../admin' }, /tenant must be your tenant's slug/],
    [{ tenant: 'Acme' }, /tenant must be/],
    [{ tenant: 'ab' }, /tenant must be/],
    [{ baseUrl: 'tickets.example.com' }, /absolute URL/],
    [{ baseUrl: 'https://tickets.example.com/?x=1' }, /query or fragment/],
    [{ baseUrl: 'https://user:pw@tickets.example.com' }, /credentials/],
    [{ redirectUrl: 'javascript:alert(document.cookie)' }, /http\(s\) URL/],
    [{ redirectUrl: '/dashboard' }, /absolute URL/],
    [{ user: { email: 'not an address', name: 'X' } }, /email address/],
  ])('refuses malformed options %#, before touching the page', (override, message) => {
    const { document, submissions } = fakeDocument();
    expect(() => contactSupport({ baseUrl: PLATFORM, tenant: 'acme', user: USER, document, ...override })).toThrow(message);
    expect(submissions).toEqual([]);
  });

  it('needs a document: outside a browser it says so', () => {
    expect(() => contactSupport({ baseUrl: PLATFORM, tenant: 'acme', user: USER })).toThrow(/runs in a browser page/);
  });
});

describe('createSupportForm', () => {
  it('builds the same form without adding it to the page or submitting it', () => {
    const { document, submissions, body } = fakeDocument();
    const form = createSupportForm({ baseUrl: PLATFORM, tenant: 'acme-support', user: USER, target: 'support-frame', document }) as unknown as FakeElement;
    expect(form).toMatchObject({ action: `${PLATFORM}/api/auth/redirect/acme-support`, target: 'support-frame', submitted: 0, parent: null });
    expect(form.attributes).toEqual({});
    expect(submissions).toEqual([]);
    expect(body.children).toEqual([]);
  });
});
