import { createHash } from 'node:crypto';

/** What the script needs to know of the portal it was served from. */
export interface WidgetScriptConfig {
  /** The portal's origin (`https://acme.tickets.example`): where the panel points, and the only origin it listens to. */
  readonly portal: string;
  /** The tenant's slug: `data-tenant` must name it. */
  readonly tenant: string;
}

export interface RenderedWidgetScript {
  readonly body: string;
  /** A weak validator: the answer may go out compressed. */
  readonly etag: string;
}

const PLACEHOLDER = '__CENTRAL_TICKETS_CONFIG__';

/**
 * `widget.js`: plain ES2017, no framework, no dependency, written for the host page (any site of
 * the tenant). The protocol and the public API are described in docs/WIDGET.md. Kept as a string
 * (not compiled from TypeScript) so that what the browser runs is exactly what is reviewed here;
 * `widget-script.spec.ts` parses it and the browser suite (apps/api-e2e/src/widget.e2e-spec.ts)
 * runs it.
 */
const SOURCE = String.raw`/*! Central Tickets support widget (docs/WIDGET.md) */
(function (config) {
  'use strict';
  var PROTOCOL = 'central-tickets';
  var PREFIX = '[Central Tickets]';
  var win = window;
  var doc = document;

  function findTag() {
    if (doc.currentScript) return doc.currentScript;
    var tags = doc.querySelectorAll('script[src]');
    for (var i = tags.length - 1; i >= 0; i--) {
      if (tags[i].src.indexOf(config.portal + '/widget.js') === 0) return tags[i];
    }
    return null;
  }

  var tag = findTag();
  var data = (tag && tag.dataset) || {};
  if (data.tenant !== config.tenant) {
    console.error(PREFIX + ' data-tenant="' + (data.tenant || '') + '" does not name this help desk ("' + config.tenant + '"): the widget is not started.');
    return;
  }
  var previous = win.CentralTickets;
  if (previous && previous.version) return; // the tag is on the page twice
  if (!doc.documentElement.attachShadow) {
    console.error(PREFIX + ' this browser is too old for the support widget.');
    return;
  }
  var queued = (previous && previous.q) || [];

  var mode = data.mode === 'popup' ? 'popup' : 'frame';
  var label = data.label || 'Support';
  var storageKey = 'central-tickets:' + config.tenant + ':user';
  var pageOrigin = win.location.origin;
  var listeners = {};
  // Where login tokens come from: {url}, {provider}, {token} (used once), {none} (signed out), or null (not known yet).
  var tokenSource = null;
  var peer = null; // the portal's window: the panel's frame or the popup
  var peerReady = false;
  var identified = false; // a token (or "nobody") was sent to this peer
  var isOpen = false;
  var pendingPrefill = null;
  var pendingLogout = false;
  var popup = null;
  var popupTimer = null;
  var ui = null;

  if (data.tokenUrl) {
    var tokenUrl = new URL(data.tokenUrl, win.location.href);
    if (tokenUrl.origin !== pageOrigin) console.error(PREFIX + ' data-token-url must be on this site (' + pageOrigin + ').');
    else tokenSource = { url: tokenUrl.href };
  }

  var CSS = [
    ':host { all: initial; }',
    '.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; font: 600 15px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #fff; background: #2457d6; border: 0; border-radius: 999px; padding: 12px 20px; box-shadow: 0 4px 14px rgba(0, 0, 0, .25); cursor: pointer; }',
    '.launcher:hover { background: #1d47b0; }',
    'button:focus-visible { outline: 3px solid #111; outline-offset: 2px; box-shadow: 0 0 0 5px #fff; }',
    '.panel { position: fixed; right: 20px; bottom: 76px; z-index: 2147483000; width: 400px; max-width: calc(100vw - 40px); height: 600px; max-height: calc(100vh - 100px); display: flex; flex-direction: column; background: #fff; color: #1a1a1a; border-radius: 12px; box-shadow: 0 8px 30px rgba(0, 0, 0, .3); overflow: hidden; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }',
    '.panel[hidden], .notice[hidden] { display: none; }',
    '.bar { display: flex; align-items: center; gap: 8px; padding: 6px 6px 6px 14px; background: #2457d6; color: #fff; }',
    '.title { font-weight: 600; }',
    '.who { flex: 1; opacity: .85; font-size: 13px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }',
    '.close { background: transparent; border: 0; color: inherit; font-size: 24px; line-height: 1; width: 36px; height: 36px; border-radius: 6px; cursor: pointer; }',
    '.close:hover { background: rgba(255, 255, 255, .15); }',
    '.notice { padding: 12px 14px; background: #fff4e5; color: #1a1a1a; }',
    '.notice button { margin-top: 8px; font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid #2457d6; background: #2457d6; color: #fff; cursor: pointer; }',
    'iframe { flex: 1; width: 100%; border: 0; background: #fff; }',
    '@media (max-width: 480px) { .panel { right: 0; bottom: 0; width: 100vw; height: 100vh; max-width: none; max-height: none; border-radius: 0; } }',
  ].join('\n');

  function el(name, attrs, text) {
    var node = doc.createElement(name);
    for (var key in attrs) if (Object.prototype.hasOwnProperty.call(attrs, key)) node.setAttribute(key, attrs[key]);
    if (text) node.textContent = text;
    return node;
  }

  function emit(type, detail) {
    var list = (listeners[type] || []).slice();
    for (var i = 0; i < list.length; i++) {
      try {
        list[i](detail);
      } catch (err) {
        setTimeout(function () { throw err; });
      }
    }
    win.dispatchEvent(new CustomEvent('central-tickets:' + type, { detail: detail }));
  }

  // The guides keep the user's email and name in localStorage: here under one namespaced key,
  // written from what the portal verified (the "authenticated" event), removed on logout.
  function readUser() {
    try {
      var value = JSON.parse(win.localStorage.getItem(storageKey) || 'null');
      return value && typeof value.email === 'string' ? { email: value.email, name: String(value.name || '') } : null;
    } catch (err) {
      return null;
    }
  }
  function rememberUser(user) {
    try {
      win.localStorage.setItem(storageKey, JSON.stringify({ email: user.email, name: user.name }));
    } catch (err) { /* storage off: nothing to keep */ }
  }
  function forgetUser() {
    try {
      win.localStorage.removeItem(storageKey);
    } catch (err) { /* storage off */ }
  }
  function showWho(user) {
    if (ui) ui.who.textContent = user ? user.name || user.email : '';
  }

  function build() {
    if (ui) return ui;
    var host = el('div', { 'data-central-tickets': config.tenant });
    var root = host.attachShadow({ mode: 'open' });
    if (root.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === 'function') {
      // A constructed sheet: allowed by a host page CSP without 'unsafe-inline' styles.
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      root.appendChild(el('style', {}, CSS));
    }
    var launcher = el('button', { type: 'button', class: 'launcher', 'aria-haspopup': 'dialog', 'aria-expanded': 'false', 'aria-controls': 'ct-panel' }, label);
    var panel = el('div', { id: 'ct-panel', class: 'panel', role: 'dialog', 'aria-label': label, hidden: '' });
    var bar = el('div', { class: 'bar' });
    var who = el('span', { class: 'who' });
    var closeButton = el('button', { type: 'button', class: 'close', 'aria-label': 'Close ' + label }, '\u00d7');
    bar.appendChild(el('span', { class: 'title' }, label));
    bar.appendChild(who);
    bar.appendChild(closeButton);
    var notice = el('div', { class: 'notice', role: 'alert', hidden: '' });
    notice.appendChild(el('p', {}, 'Your browser keeps the help desk from signing you in inside this page.'));
    var popupButton = el('button', { type: 'button' }, 'Open in a new window');
    notice.appendChild(popupButton);
    panel.appendChild(bar);
    panel.appendChild(notice);
    root.appendChild(launcher);
    root.appendChild(panel);
    (doc.body || doc.documentElement).appendChild(host);

    launcher.addEventListener('click', function () {
      if (isOpen) close();
      else open();
    });
    closeButton.addEventListener('click', function () { close(); });
    popupButton.addEventListener('click', function () {
      // Partitioned or third-party cookies are off: the portal in a window of its own is first-party.
      removeFrame();
      mode = 'popup';
      ui.panel.hidden = true;
      isOpen = false;
      open();
    });
    host.addEventListener('keydown', function (event) {
      if ((event.key === 'Escape' || event.key === 'Esc') && isOpen && mode === 'frame') {
        event.stopPropagation();
        close();
      }
    });
    ui = { host: host, launcher: launcher, panel: panel, who: who, notice: notice, frame: null };
    showWho(readUser());
    return ui;
  }

  function frameUrl(kind) {
    return config.portal + '/widget?origin=' + encodeURIComponent(pageOrigin) + '&mode=' + kind;
  }

  function attach(target) {
    peer = target;
    peerReady = false;
    identified = false;
  }

  function ensureFrame() {
    build();
    if (ui.frame) return;
    var frame = el('iframe', { title: label, src: frameUrl('frame') });
    ui.panel.appendChild(frame);
    ui.frame = frame;
    attach(frame.contentWindow);
  }

  function removeFrame() {
    if (!ui || !ui.frame) return;
    ui.frame.remove();
    ui.frame = null;
    ui.notice.hidden = true;
    attach(null);
  }

  function post(type, payload) {
    if (!peer) return;
    // Always to the portal's exact origin, never '*'.
    peer.postMessage({ protocol: PROTOCOL, type: type, payload: payload || {} }, config.portal);
  }

  function getToken() {
    var source = tokenSource;
    if (!source) return Promise.resolve(undefined);
    if (source.none) return Promise.resolve(null);
    if (source.token) {
      tokenSource = null; // single use: a reloaded frame needs a new one
      return Promise.resolve(source.token);
    }
    if (source.provider) return Promise.resolve().then(source.provider);
    return fetch(source.url, { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (res) {
      if (res.status === 401 || res.status === 403 || res.status === 204) return null;
      if (!res.ok) throw new Error('data-token-url answered ' + res.status + '.');
      return res.json().then(function (body) {
        return body && typeof body.token === 'string' && body.token ? body.token : null;
      });
    });
  }

  function sendIdentity() {
    if (!peerReady || identified || pendingLogout) return;
    identified = true;
    var forPeer = peer;
    getToken().then(
      function (token) {
        if (forPeer !== peer) return;
        if (token === undefined) {
          identified = false; // wait for CentralTickets('identify', …)
          return;
        }
        if (typeof token !== 'string' || !token) token = null;
        if (token === null) {
          forgetUser();
          showWho(null);
        }
        post('identify', { token: token });
      },
      function (err) {
        identified = false;
        emit('error', { code: 'TOKEN_UNAVAILABLE', message: String((err && err.message) || err) });
      }
    );
  }

  function open() {
    if (mode === 'popup') return openPopup();
    ensureFrame();
    if (isOpen) return;
    isOpen = true;
    ui.panel.hidden = false;
    ui.launcher.setAttribute('aria-expanded', 'true');
    ui.frame.focus();
    if (peerReady) {
      post('open');
      sendIdentity();
    }
  }

  function close() {
    if (mode === 'popup') {
      if (popup && !popup.closed) popup.close();
      popupGone();
      return;
    }
    if (!isOpen) return;
    var hadFocus = doc.activeElement === ui.host;
    isOpen = false;
    ui.panel.hidden = true;
    ui.launcher.setAttribute('aria-expanded', 'false');
    post('close');
    if (hadFocus) ui.launcher.focus();
    emit('closed', {});
  }

  function openPopup() {
    build();
    if (popup && !popup.closed) {
      popup.focus();
      return;
    }
    var opened = win.open(frameUrl('popup'), 'central-tickets-' + config.tenant, 'popup=yes,width=420,height=640');
    if (!opened) {
      emit('error', { code: 'POPUP_BLOCKED', message: 'The browser blocked the support window.' });
      return;
    }
    popup = opened;
    attach(opened);
    isOpen = true;
    ui.launcher.setAttribute('aria-expanded', 'true');
    clearInterval(popupTimer);
    popupTimer = setInterval(function () {
      if (!popup || popup.closed) popupGone();
    }, 400);
  }

  function popupGone() {
    clearInterval(popupTimer);
    if (popup && peer === popup) attach(null);
    popup = null;
    if (!isOpen) return;
    isOpen = false;
    ui.launcher.setAttribute('aria-expanded', 'false');
    emit('closed', {});
  }

  function text(value, max) {
    return typeof value === 'string' ? value.slice(0, max) : undefined;
  }

  function onMessage(event) {
    // Only the portal's own window, from the portal's exact origin.
    if (event.origin !== config.portal || !peer || event.source !== peer) return;
    var message = event.data;
    if (!message || typeof message !== 'object' || message.protocol !== PROTOCOL || typeof message.type !== 'string') return;
    var payload = message.payload && typeof message.payload === 'object' ? message.payload : {};
    switch (message.type) {
      case 'ready':
        peerReady = true;
        identified = false;
        if (pendingLogout) {
          pendingLogout = false;
          post('logout');
          break;
        }
        if (pendingPrefill) post('prefill', pendingPrefill);
        pendingPrefill = null;
        if (isOpen) post('open');
        sendIdentity();
        emit('ready', {});
        break;
      case 'authenticated': {
        var user = payload.user && typeof payload.user.email === 'string' ? { email: payload.user.email, name: text(payload.user.name, 255) || '' } : null;
        if (!user) break;
        rememberUser(user);
        showWho(user);
        emit('authenticated', { user: user });
        break;
      }
      case 'ticket:created': {
        var t = payload.ticket;
        if (!t || typeof t.number !== 'number') break;
        emit('ticket:created', { ticket: { id: text(t.id, 64), number: t.number, title: text(t.title, 200), status: text(t.status, 20), url: text(t.url, 2048) } });
        break;
      }
      case 'closed':
        if (mode === 'popup') popupGone();
        else close();
        break;
      case 'error': {
        var code = text(payload.code, 64) || 'ERROR';
        if (code === 'SESSION_BLOCKED' && ui && mode === 'frame') ui.notice.hidden = false;
        if (code === 'UNAUTHENTICATED') {
          identified = false; // the session ended: sign in again with a new token
          sendIdentity();
        }
        emit('error', { code: code, message: text(payload.message, 500) || '' });
        break;
      }
      default:
        break;
    }
  }

  function prefillOf(fields) {
    if (!fields || typeof fields !== 'object') return null;
    var out = {};
    var title = text(fields.title, 200);
    var description = text(fields.description, 50000);
    if (title !== undefined) out.title = title;
    if (description !== undefined) out.description = description;
    return out;
  }

  var commands = {
    identify: function (options) {
      if (options === null || options === undefined || options.token === null) {
        tokenSource = { none: true };
        forgetUser();
        showWho(null);
      } else if (typeof options.token === 'string' && options.token) {
        tokenSource = { token: options.token };
      } else if (typeof options.token === 'function') {
        tokenSource = { provider: options.token };
      } else {
        console.error(PREFIX + " identify takes { token }: a login token your server signed (never an email).");
        return;
      }
      identified = false;
      sendIdentity();
    },
    open: open,
    close: close,
    toggle: function () {
      if (isOpen) close();
      else open();
    },
    prefill: function (fields) {
      var value = prefillOf(fields);
      if (!value) return;
      if (peer && peerReady) post('prefill', value);
      else pendingPrefill = value;
    },
    logout: function () {
      forgetUser();
      showWho(null);
      if (tokenSource && (tokenSource.token || tokenSource.none)) tokenSource = null;
      identified = false;
      if (peer && peerReady) {
        post('logout');
      } else if (mode === 'frame') {
        // No frame yet: load one (hidden) to end the session this site's frame may still hold.
        pendingLogout = true;
        ensureFrame();
      }
    },
    on: function (type, handler) {
      if (typeof handler === 'function') (listeners[type] = listeners[type] || []).push(handler);
    },
    off: function (type, handler) {
      listeners[type] = (listeners[type] || []).filter(function (h) { return h !== handler; });
    },
    user: readUser,
  };

  function CentralTickets(name) {
    var command = commands[name];
    if (!command) {
      console.error(PREFIX + ' unknown command "' + name + '".');
      return undefined;
    }
    return command.apply(null, Array.prototype.slice.call(arguments, 1));
  }
  CentralTickets.version = 1;
  win.CentralTickets = CentralTickets;
  win.addEventListener('message', onMessage);

  function start() {
    build();
    for (var i = 0; i < queued.length; i++) CentralTickets.apply(null, queued[i]);
    queued = [];
  }
  if (doc.body) start();
  else doc.addEventListener('DOMContentLoaded', start);
})(__CENTRAL_TICKETS_CONFIG__);
`;

/** The script for one portal, with its ETag. */
export function renderWidgetScript(config: WidgetScriptConfig): RenderedWidgetScript {
  // JSON is valid JavaScript; `<` is escaped so the value can never close a <script> either.
  const json = JSON.stringify({ portal: config.portal, tenant: config.tenant }).replace(/</g, '\\u003c');
  const body = SOURCE.replace(PLACEHOLDER, json);
  const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { body, etag };
}

/** Whether an `If-None-Match` header names this ETag (`*`, or one of a list, weak or not). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}
