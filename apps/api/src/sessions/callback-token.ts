import type { SignInMethod } from '@central-tickets/contracts';
import { SecretBox } from '../core/crypto/secret-box';

/** A callback token lives this long (CONTRACT §1). */
export const CALLBACK_TOKEN_TTL_SECONDS = 120;

/** What a callback token carries: who signs in, where, until when, and where they land. */
export interface CallbackClaims {
  /** tenant id */
  t: string;
  /** user id */
  u: string;
  /** token id, spent at the callback */
  j: string;
  /** issued at / expires at, seconds */
  iat: number;
  exp: number;
  /** the portal host name the token is bound to */
  h: string;
  /** where the browser goes once signed in */
  r: string;
  /** how the user was vouched for */
  m: SignInMethod;
}

const AAD = 'callback-token:v1';

/**
 * The opaque one-time token of the authentication redirect: AES-256-GCM (authenticated; the
 * guides' AES-256-CBC has no MAC) over the claims, under a key derived from APP_KEY for this
 * purpose only. Anyone may hold it; nobody can read or alter it.
 */
export class CallbackTokenCodec {
  private readonly box: SecretBox;

  constructor(appKey: Buffer) {
    this.box = new SecretBox(appKey, 'redirect-token');
  }

  seal(claims: CallbackClaims): string {
    return this.box.seal(JSON.stringify(claims), AAD);
  }

  /** The claims, or null when the token is not one of ours, damaged or altered. */
  open(token: string): CallbackClaims | null {
    if (token.length > 4096) return null;
    const plain = this.box.open(token, AAD);
    if (!plain) return null;
    try {
      const c = JSON.parse(plain.toString('utf8')) as Partial<CallbackClaims>;
      const ok =
        typeof c.t === 'string' &&
        typeof c.u === 'string' &&
        typeof c.j === 'string' &&
        typeof c.h === 'string' &&
        typeof c.r === 'string' &&
        typeof c.m === 'string' &&
        Number.isSafeInteger(c.iat) &&
        Number.isSafeInteger(c.exp);
      return ok ? (c as CallbackClaims) : null;
    } catch {
      return null;
    }
  }
}
