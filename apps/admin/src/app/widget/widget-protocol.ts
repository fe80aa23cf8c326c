import type { WidgetMode } from '@central-tickets/contracts';
import { normalizeOrigin, TICKET_DESCRIPTION_MAX_LENGTH, TICKET_TITLE_MAX_LENGTH } from '@central-tickets/contracts/rules';

/**
 * The messages between `widget.js` (on the tenant's page) and this page (in its panel or popup),
 * as docs/WIDGET.md describes them: `{ protocol: 'central-tickets', type, payload }`, always
 * posted to the other side's exact origin.
 */
export const WIDGET_PROTOCOL = 'central-tickets';

/** What the host page may ask of the portal. */
export type WidgetCommand =
  | { type: 'identify'; token: string | null }
  | { type: 'prefill'; title?: string; description?: string }
  | { type: 'open' }
  | { type: 'close' }
  | { type: 'logout' };

/** What the portal tells the host page. */
export type WidgetEvent =
  | { type: 'ready' }
  | { type: 'authenticated'; payload: { user: { email: string; name: string } } }
  | { type: 'ticket:created'; payload: { ticket: { id: string; number: number; title: string; status: string; url: string } } }
  | { type: 'closed' }
  | { type: 'error'; payload: { code: string; message: string } };

const text = (value: unknown, max: number): string | undefined => (typeof value === 'string' ? value.slice(0, max) : undefined);

/** A command of the protocol, or null for anything else (which is ignored). */
export function parseCommand(data: unknown): WidgetCommand | null {
  if (!data || typeof data !== 'object') return null;
  const { protocol, type, payload } = data as Record<string, unknown>;
  if (protocol !== WIDGET_PROTOCOL) return null;
  const p = payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
  switch (type) {
    case 'identify':
      // A login token the host site's server signed, or null for "nobody is signed in". Never an email.
      if (p['token'] === null) return { type, token: null };
      return typeof p['token'] === 'string' && p['token'] !== '' ? { type, token: p['token'] } : null;
    case 'prefill':
      return { type, title: text(p['title'], TICKET_TITLE_MAX_LENGTH), description: text(p['description'], TICKET_DESCRIPTION_MAX_LENGTH) };
    case 'open':
    case 'close':
    case 'logout':
      return { type };
    default:
      return null;
  }
}

/** Who this page talks to: the embedding page's origin and window. */
export interface WidgetPeer {
  readonly origin: string;
  readonly mode: WidgetMode;
  readonly window: Window;
}

/**
 * The peer named by the page's address (`?origin=…&mode=frame|popup`), or why there is none.
 * In a panel, the browser has already checked the embedding page against the tenant's origins
 * (`frame-ancestors`); where it says who the parent is (`location.ancestorOrigins`), that must be
 * the claimed origin. Either way, messages flow only between windows of the claimed origin (the
 * browser drops the rest), and the API checks that origin again at sign-in.
 */
export function findPeer(params: { origin?: string; mode?: string }, win: Window): WidgetPeer | 'no-origin' | 'no-window' | 'wrong-parent' {
  const origin = params.origin ? normalizeOrigin(params.origin) : null;
  if (!origin) return 'no-origin';
  const mode: WidgetMode = params.mode === 'popup' ? 'popup' : 'frame';
  const peer = mode === 'popup' ? (win.opener as Window | null) : win.parent !== win ? win.parent : null;
  if (!peer) return 'no-window';
  const ancestors = mode === 'frame' ? win.location.ancestorOrigins : undefined;
  if (ancestors && ancestors.length > 0 && ancestors[0] !== origin) return 'wrong-parent';
  return { origin, mode, window: peer };
}

/** Listens for the peer's commands: only its window, only its origin, only the protocol's shapes. */
export function listenToPeer(peer: WidgetPeer, win: Window, handle: (command: WidgetCommand) => void): () => void {
  const onMessage = (event: MessageEvent) => {
    if (event.origin !== peer.origin || event.source !== peer.window) return;
    const command = parseCommand(event.data);
    if (command) handle(command);
  };
  win.addEventListener('message', onMessage);
  return () => win.removeEventListener('message', onMessage);
}

/** Tells the peer, at its exact origin (never '*'). */
export function postToPeer(peer: WidgetPeer, event: WidgetEvent): void {
  peer.window.postMessage({ protocol: WIDGET_PROTOCOL, type: event.type, payload: 'payload' in event ? event.payload : {} }, peer.origin);
}
