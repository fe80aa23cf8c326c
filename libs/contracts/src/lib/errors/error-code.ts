/** Machine-readable error codes of the wire contract (CONTRACT.md, "Errors"). */
export const ErrorCode = {
  BadRequest: 'BAD_REQUEST',
  InvalidApiToken: 'INVALID_API_TOKEN',
  TokenInvalid: 'TOKEN_INVALID',
  TokenExpired: 'TOKEN_EXPIRED',
  TokenReplayed: 'TOKEN_REPLAYED',
  Unauthenticated: 'UNAUTHENTICATED',
  DomainNotVerified: 'DOMAIN_NOT_VERIFIED',
  OriginNotAllowed: 'ORIGIN_NOT_ALLOWED',
  SignatureRequired: 'SIGNATURE_REQUIRED',
  Forbidden: 'FORBIDDEN',
  TenantNotFound: 'TENANT_NOT_FOUND',
  NotFound: 'NOT_FOUND',
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  Conflict: 'CONFLICT',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  ValidationFailed: 'VALIDATION_FAILED',
  RateLimited: 'RATE_LIMITED',
  InternalError: 'INTERNAL_ERROR',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
