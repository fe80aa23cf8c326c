/**
 * `@central-tickets/sdk`: the browser entry point. Nothing here needs Node.js or holds a secret:
 * send the signed-in user of your app to your help desk portal, signed in.
 *
 * Server code (login tokens, the tenant API) is in `@central-tickets/sdk/server`.
 */
export { contactSupport, createSupportForm, type ContactSupportOptions } from './lib/browser/contact-support.js';
export { startSupportSession, type StartSupportSessionOptions, type SupportSessionResult } from './lib/browser/support-session.js';
export { signInWithToken, type SignInWithTokenOptions } from './lib/browser/sign-in-with-token.js';
export { SignInRequiredError, type SupportRequestOptions, type SupportUser } from './lib/browser/support-request.js';
export {
  CentralTicketsError,
  isCentralTicketsError,
  type ApiErrorCode,
  type CentralTicketsErrorCode,
  type SdkErrorCode,
} from './lib/errors.js';
export type { FetchLike } from './lib/fetch.js';
export type { ErrorEnvelope, JwtLoginResult, SignedInUser } from './lib/types.js';
