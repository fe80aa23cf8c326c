import { signal } from '@angular/core';
import { ApiError } from '../../core/api';

/** What went wrong, in the API's words: the named fields' messages, or the error's. */
export function problem(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Something went wrong. Try again.';
  const fields = Object.values(err.body?.errors ?? {}).flat();
  return fields.length ? fields.join(' ') : err.message;
}

/**
 * The actions of a settings page, each in a named section: progress while one runs, then
 * what happened, in words, next to it.
 */
export class Actions {
  readonly busy = signal<string | null>(null);
  readonly message = signal<{ section: string; text: string; error: boolean } | null>(null);

  /** The message for `section`, if the last action was there. */
  messageOf(section: string): { text: string; error: boolean } | null {
    const m = this.message();
    return m?.section === section ? m : null;
  }

  async run(section: string, work: () => Promise<unknown>, done?: string): Promise<void> {
    this.busy.set(section);
    this.message.set(null);
    try {
      await work();
      if (done) this.message.set({ section, text: done, error: false });
    } catch (err) {
      this.message.set({ section, text: problem(err), error: true });
    } finally {
      this.busy.set(null);
    }
  }
}
