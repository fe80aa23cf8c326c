import { computed, inject, Injectable, signal } from '@angular/core';
import type { MeDto } from '@central-tickets/contracts';
import { Api, ApiError } from './api';

/** Who is signed in on this portal (null: nobody), loaded once and kept in a signal. */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly api = inject(Api);
  private loading: Promise<MeDto | null> | null = null;

  readonly me = signal<MeDto | null>(null);
  /** Staff powers need the console's password sign-in (the API checks the same). */
  readonly isStaff = computed(() => {
    const me = this.me();
    return me?.auth_method === 'password' && (me.user.role === 'admin' || me.user.role === 'agent');
  });
  readonly isAdmin = computed(() => this.isStaff() && this.me()?.user.role === 'admin');

  /** The session, asked of the API the first time only. */
  load(): Promise<MeDto | null> {
    this.loading ??= this.api.me().then(
      (me) => {
        this.me.set(me);
        return me;
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 401) return null;
        this.loading = null; // a network failure: ask again next time
        throw err;
      },
    );
    return this.loading;
  }

  async login(email: string, password: string): Promise<MeDto> {
    return this.adopt(await this.api.login({ email, password }));
  }

  /** A session the API has just begun (a sign-in, an accepted invitation). */
  adopt(me: MeDto): MeDto {
    this.me.set(me);
    this.loading = Promise.resolve(me);
    return me;
  }

  async logout(): Promise<void> {
    await this.api.logout();
    this.me.set(null);
    this.loading = Promise.resolve(null);
  }
}
