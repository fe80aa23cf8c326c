/** The part of `fetch` the SDK uses; pass your own (a test fake, an instrumented one) anywhere a `fetch` option is offered. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** The `fetch` to use: the one given, or the global one at call time (never captured at import). */
export function resolveFetch(given: FetchLike | undefined): FetchLike {
  if (given) return given;
  const global = (globalThis as { fetch?: FetchLike }).fetch;
  if (typeof global !== 'function') {
    throw new TypeError('No fetch available: use Node.js 18 or later, or pass a fetch implementation in the options.');
  }
  return (input, init) => global(input, init);
}

/** Whether this code runs in a browser page (a document and a window), where secrets must never be. */
export function inBrowserPage(): boolean {
  const g = globalThis as { window?: unknown; document?: unknown };
  return typeof g.window === 'object' && g.window !== null && typeof g.document === 'object' && g.document !== null;
}
