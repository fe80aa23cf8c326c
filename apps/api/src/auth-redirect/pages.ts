/** The sign-in failure page (the test tools' pages are in their controller). */
import { escapeHtml, page } from '../core/http/html-page';

export { escapeHtml, page };

const FAILURES: Record<string, { title: string; text: string }> = {
  TOKEN_EXPIRED: {
    title: 'This sign-in link has expired',
    text: 'Sign-in links work for two minutes. Go back to the site you came from and open the help desk again: you will get a fresh link.',
  },
  TOKEN_REPLAYED: {
    title: 'This sign-in link has already been used',
    text: 'Each sign-in link works once, so a copied or reloaded link cannot sign anyone in. Go back to the site you came from and open the help desk again.',
  },
  TOKEN_INVALID: {
    title: 'This sign-in link is not valid',
    text: 'The link is incomplete, was changed, or belongs to another help desk. Go back to the site you came from and open the help desk from there.',
  },
  TENANT_NOT_FOUND: {
    title: 'There is no help desk at this address',
    text: 'Check the address, or open the help desk from your company\'s app.',
  },
};

/** The friendly page for a failed callback, with a way back. */
export function signInFailurePage(code: string, correlationId: string, backUrl: string | null): string {
  const failure = FAILURES[code] ?? {
    title: 'We could not sign you in',
    text: 'Something went wrong while signing you in. Go back to the site you came from and try again.',
  };
  const back = backUrl
    ? `<a class="button" href="${escapeHtml(backUrl)}">Go back to ${escapeHtml(new URL(backUrl).host)}</a>`
    : '';
  return page(
    failure.title,
    `<h1>${escapeHtml(failure.title)}</h1>
<p>${escapeHtml(failure.text)}</p>
<div class="actions">${back}<a class="button${back ? ' secondary' : ''}" href="/">Help desk home</a></div>
<p class="meta">Error code ${escapeHtml(code)} · Reference ${escapeHtml(correlationId)}</p>`,
  );
}
