/**
 * `@central-tickets/sdk/server`: for your server only (Node.js 18+). Signs login tokens with your
 * tenant's JWT secret and calls the tenant API with an API token; neither secret may ever reach
 * a browser.
 */
export { signLoginToken, LOGIN_TOKEN_MAX_LIFETIME_SECONDS, type LoginTokenClaims, type SignLoginTokenOptions } from './lib/server/login-token.js';
export { exchangeLoginToken, type ExchangeLoginTokenOptions } from './lib/server/exchange-login-token.js';
export {
  CentralTickets,
  CategoriesResource,
  SDK_VERSION,
  TenantResource,
  TicketsResource,
  type CentralTicketsOptions,
  type CreateOptions,
  type RequestOptions,
  type TicketRef,
} from './lib/server/client.js';
export type { Clock } from './lib/server/transport.js';
export {
  CentralTicketsError,
  isCentralTicketsError,
  type ApiErrorCode,
  type CentralTicketsErrorCode,
  type SdkErrorCode,
} from './lib/errors.js';
export type { FetchLike } from './lib/fetch.js';
export type {
  Category,
  CategorySummary,
  Comment,
  CommentAuthor,
  CreateCategoryInput,
  CreateCommentInput,
  CreateTicketInput,
  ErrorEnvelope,
  JwtLoginResult,
  ListTicketsFilters,
  Page,
  RedirectAuthMode,
  SignedInUser,
  Tenant,
  TenantDomainSummary,
  Ticket,
  TicketPage,
  TicketPriority,
  TicketSource,
  TicketStatus,
  TicketWithComments,
  UpdateTicketInput,
  UserSummary,
} from './lib/types.js';
