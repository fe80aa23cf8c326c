/** Small server-rendered pages: sign-in failures and the test tools. Everything interpolated is escaped. */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
  main { max-width: 36rem; padding: 2rem; }
  h1 { font-size: 1.5rem; margin: 0 0 .75rem; }
  p { line-height: 1.5; }
  .actions { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: 1.5rem; }
  .button { display: inline-block; padding: .6rem 1rem; border-radius: .4rem; background: #2457d6; color: #fff; text-decoration: none; border: 0; font: inherit; cursor: pointer; }
  .button.secondary { background: transparent; color: inherit; outline: 1px solid currentColor; }
  .meta { font-size: .85rem; opacity: .7; margin-top: 2rem; }
  label { display: block; margin-top: .75rem; font-weight: 600; }
  input, select, textarea { width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; margin-top: .25rem; }
  pre { white-space: pre-wrap; word-break: break-all; background: rgba(127,127,127,.12); padding: .75rem; border-radius: .4rem; }
`;

export function page(title: string, body: string, script?: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · Central Tickets</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
${script ? `<script src="${escapeHtml(script)}" defer></script>` : ''}
</body>
</html>
`;
}

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
