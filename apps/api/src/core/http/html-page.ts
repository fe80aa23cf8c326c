/** Small server-rendered pages for people (errors, test tools). Everything interpolated is escaped. */

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

/** Whether the request is a browser navigating to a page (it should get a page, not JSON). */
export function isNavigation(headers: Record<string, string | string[] | undefined>): boolean {
  const mode = headers['sec-fetch-mode'];
  if (typeof mode === 'string') return mode === 'navigate';
  const accept = headers['accept'];
  return typeof accept === 'string' && accept.startsWith('text/html');
}

/** An error as a page: what happened, what to do, the code and the reference to quote. */
export function errorPage(status: number, body: { message: string; code: string; details?: string; correlation_id: string }, back: string | null): string {
  const backLink = back ? `<a class="button" href="${escapeHtml(back)}">Go back</a>` : '';
  return page(
    body.message,
    `<h1>${escapeHtml(body.message)}</h1>
${body.details ? `<p>${escapeHtml(body.details)}</p>` : ''}
<div class="actions">${backLink}</div>
<p class="meta">Error ${status} ${escapeHtml(body.code)} · Reference ${escapeHtml(body.correlation_id)}</p>`,
  );
}
