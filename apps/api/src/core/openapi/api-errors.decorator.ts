import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '@central-tickets/contracts';

const ID = '5f0c3a0e-8a7e-4c1e-9d6b-2b5f2f9b8c11';

/** One documented example per error status, in the contract's envelope. */
const EXAMPLES: Record<number, { description: string; example: object }> = {
  400: {
    description: 'The body is not valid JSON or form data, or has another content type.',
    example: { message: 'The request body is not valid JSON or form data.', error: 'Bad Request', code: 'BAD_REQUEST', correlation_id: ID },
  },
  401: {
    description: 'No API token, or an invalid or revoked one.',
    example: {
      message: 'The API token is invalid or revoked.',
      error: 'Unauthorized',
      code: 'INVALID_API_TOKEN',
      details: 'Send it as "Authorization: Bearer <token>" or "X-Tenant-API-Token: <token>".',
      correlation_id: ID,
    },
  },
  403: {
    description: 'The token lacks the scope this endpoint needs.',
    example: { message: 'This token lacks the "admin" scope.', error: 'Forbidden', code: 'FORBIDDEN', correlation_id: ID },
  },
  404: {
    description: 'No such record in this tenant (records of other tenants are not found either).',
    example: { message: 'The resource was not found.', error: 'Not Found', code: 'NOT_FOUND', correlation_id: ID },
  },
  409: {
    description: 'Conflicts with what exists.',
    example: { message: 'This slug is taken.', error: 'Conflict', code: 'CONFLICT', correlation_id: ID },
  },
  413: {
    description: 'The body is over 1 MB.',
    example: { message: 'The request body is too large (the limit is 1 MB).', error: 'Payload Too Large', code: 'PAYLOAD_TOO_LARGE', correlation_id: ID },
  },
  422: {
    description: 'A field is invalid; `errors` names each one.',
    example: {
      message: 'The given data was invalid.',
      error: 'Unprocessable Entity',
      code: 'VALIDATION_FAILED',
      errors: { name: ['The name field is required.'] },
      correlation_id: ID,
    },
  },
  503: {
    description: 'A dependency (the database) does not answer.',
    example: {
      message: 'The service is unavailable.',
      error: 'Service Unavailable',
      code: 'SERVICE_UNAVAILABLE',
      details: 'The database does not answer.',
      correlation_id: ID,
    },
  },
  429: {
    description: 'Rate limited; retry after `retry_after` seconds (also the `Retry-After` header).',
    example: { message: 'Too many requests.', error: 'Too Many Requests', code: 'RATE_LIMITED', retry_after: 60, correlation_id: ID },
  },
};

/** Documents error answers of an endpoint, each with its envelope and an example. */
export function ApiErrors(statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: EXAMPLES[status]?.description ?? 'Error.',
        type: ErrorResponseDto,
        example: EXAMPLES[status]?.example,
      }),
    ),
  );
}
