/** The page's window, for navigation; injectable for tests and iframes. */
export function pageWindow(given: Window | undefined): Window {
  const win = given ?? (globalThis as { window?: Window }).window;
  if (!win) throw new TypeError('This helper runs in a browser page (pass options.window elsewhere).');
  return win;
}

/** A tab opened now, while the click still counts as the user's, to be sent somewhere once we know where. */
export interface PendingTab {
  name: string;
  handle: Window | null;
  go(url: string): void;
  /** Cuts the tab's link back to this page (`opener`), once it is on its way. */
  release(): void;
  close(): void;
}

let counter = 0;

/**
 * Opens a blank tab synchronously (before any `await`: a tab opened after a network round trip
 * is blocked by popup blockers, Safari's first). `handle` is null when the browser refused.
 */
export function openPendingTab(win: Window): PendingTab {
  counter += 1;
  const name = `central-tickets-${Date.now().toString(36)}-${counter}`;
  const handle = win.open('about:blank', name);
  return {
    name,
    handle,
    go(url: string) {
      if (handle && !handle.closed) {
        // The portal gets no handle on this page.
        handle.opener = null;
        handle.location.href = url;
      } else {
        win.open(url, '_blank', 'noopener');
      }
    },
    release() {
      if (handle && !handle.closed) handle.opener = null;
    },
    close() {
      if (handle && !handle.closed) handle.close();
    },
  };
}
