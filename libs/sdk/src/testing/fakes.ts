/*
 * Test doubles for the SDK's specs: a scripted fetch, a clock that moves instead of waiting, and
 * the small part of a browser page (document, form, window) the browser helpers touch.
 */
import type { Clock } from '../lib/server/transport';

export interface RecordedCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  init: RequestInit;
}

type Step = Response | Error | ((call: RecordedCall) => Response | Promise<Response>);

/** JSON answers in the API's shape. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Correlation-Id': 'corr-header', ...headers },
  });
}

/** What a browser's fetch gives for a 3xx with `redirect: 'manual'`: no status, no headers. */
export function opaqueRedirect(): Response {
  return {
    type: 'opaqueredirect',
    status: 0,
    ok: false,
    redirected: false,
    statusText: '',
    headers: new Headers(),
    json: () => Promise.reject(new SyntaxError('opaque')),
    text: () => Promise.resolve(''),
  } as unknown as Response;
}

/** A fetch that answers from a script, one step per call, and records every call. */
export function scriptedFetch(...steps: Step[]) {
  const calls: RecordedCall[] = [];
  const fetch = jest.fn(async (url: string, init: RequestInit = {}) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => (headers[key] = value));
    const raw = init.body;
    const call: RecordedCall = {
      url,
      method: init.method ?? 'GET',
      headers,
      body: typeof raw === 'string' && raw !== '' ? JSON.parse(raw) : raw,
      init,
    };
    calls.push(call);
    const step = steps.shift();
    if (step === undefined) throw new Error(`Unexpected request ${call.method} ${url}`);
    if (step instanceof Error) throw step;
    return typeof step === 'function' ? step(call) : step;
  });
  return { fetch, calls };
}

/** A clock whose sleeps return at once and are written down. */
export function fakeClock(start = Date.UTC(2026, 10, 21, 8, 0, 0)) {
  const sleeps: number[] = [];
  let now = start;
  const clock: Clock = {
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps };
}

export interface FakeElement {
  tagName: string;
  attributes: Record<string, string>;
  children: FakeElement[];
  parent: FakeElement | null;
  submitted: number;
  [property: string]: unknown;
  setAttribute(name: string, value: string): void;
  appendChild(child: FakeElement): FakeElement;
  remove(): void;
  submit(): void;
}

/** Just enough of `document` for the form post, recording what was submitted and where it was at the time. */
export function fakeDocument() {
  const submissions: Array<{ form: FakeElement; inPage: boolean; fields: Record<string, string> }> = [];
  const create = (tagName: string): FakeElement => {
    const element: FakeElement = {
      tagName: tagName.toUpperCase(),
      attributes: {},
      children: [],
      parent: null,
      submitted: 0,
      setAttribute(name, value) {
        this.attributes[name] = value;
      },
      appendChild(child) {
        child.parent = this;
        this.children.push(child);
        return child;
      },
      remove() {
        if (this.parent) this.parent.children = this.parent.children.filter((c) => c !== this);
        this.parent = null;
      },
      submit() {
        this.submitted += 1;
        const fields: Record<string, string> = {};
        for (const input of this.children) fields[String(input['name'])] = String(input['value']);
        submissions.push({ form: this, inPage: this.parent === body, fields });
      },
    };
    return element;
  };
  const body = create('body');
  const document = { createElement: create, body, documentElement: body };
  return { document: document as unknown as Document, body, submissions };
}

/** Just enough of `window`: navigation and `open`, recorded. */
export function fakeWindow(options: { popupBlocked?: boolean } = {}) {
  const assigned: string[] = [];
  const opened: Array<{ url: string; target: string; features?: string; popup: FakePopup | null }> = [];
  const { document, submissions, body } = fakeDocument();
  const win = {
    document,
    location: { assign: (url: string) => assigned.push(url) },
    open: (url: string, target: string, features?: string) => {
      const popup = options.popupBlocked ? null : new FakePopup(url);
      opened.push({ url, target, features, popup });
      return popup;
    },
  };
  return { window: win as unknown as Window, assigned, opened, submissions, body };
}

export class FakePopup {
  closed = false;
  opener: unknown = {};
  readonly location: { href: string };
  constructor(url: string) {
    this.location = { href: url };
  }
  close(): void {
    this.closed = true;
  }
}
