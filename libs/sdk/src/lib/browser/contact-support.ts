import { supportRequest, type SupportRequestOptions } from './support-request.js';

export interface ContactSupportOptions extends SupportRequestOptions {
  /** The document to build the form in; default the page's `document`. */
  document?: Document;
  /** The form's `target` (a window name); default `_blank` with `newTab`, otherwise this tab. */
  target?: string;
}

function pageDocument(given: Document | undefined): Document {
  const doc = given ?? (globalThis as { document?: Document }).document;
  if (!doc) throw new TypeError('contactSupport runs in a browser page (pass options.document elsewhere).');
  return doc;
}

/**
 * The form of the authentication redirect, not yet in the page: `POST {baseUrl}/api/auth/redirect/{tenant}`
 * with hidden `email`, `name` and (when given) `redirect_url`. For your own submit logic; most
 * callers want {@link contactSupport}.
 */
export function createSupportForm(options: ContactSupportOptions): HTMLFormElement {
  const request = supportRequest(options);
  const doc = pageDocument(options.document);
  const form = doc.createElement('form');
  form.method = 'POST';
  form.action = request.action;
  form.acceptCharset = 'UTF-8';
  form.enctype = 'application/x-www-form-urlencoded';
  const target = options.target ?? (request.newTab ? '_blank' : undefined);
  if (target) form.target = target;
  // A new tab gets no handle on this page (a named tab of ours is released by its opener).
  if (target === '_blank') form.setAttribute('rel', 'noopener');
  for (const [name, value] of Object.entries(request.fields)) {
    const input = doc.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
  return form;
}

/**
 * Sends the signed-in user to your help desk portal, signed in: the integration guide's
 * `contactSupport()`. Posts a form to `{baseUrl}/api/auth/redirect/{tenant}`; the API answers
 * with a 302 to the portal's one-time `/auth/callback`, which begins the session and lands on
 * `redirectUrl`. Call it from a click handler (a new tab opened otherwise may be blocked).
 *
 * Works without CORS; the tenant must trust this page's origin (`allowed_origins`) unless its
 * `redirect_auth` is `open`.
 *
 * @throws SignInRequiredError without a signed-in user (no request is made)
 * @throws TypeError for a malformed `baseUrl`, `tenant` or `redirectUrl`
 */
export function contactSupport(options: ContactSupportOptions): void {
  const form = createSupportForm(options);
  const doc = pageDocument(options.document);
  (doc.body ?? doc.documentElement).appendChild(form);
  try {
    form.submit();
  } finally {
    form.remove();
  }
}
