/**
 * The envelope of every error answer. Fields that do not apply are left out.
 */
export class ErrorResponseDto {
  /**
   * A sentence for people.
   * @example "The given data was invalid."
   */
  message!: string;

  /**
   * A short reason.
   * @example "Unprocessable Entity"
   */
  error!: string;

  /**
   * A machine-readable code; stable across releases.
   * @example "VALIDATION_FAILED"
   */
  code!: string;

  /**
   * For 422 answers: each invalid field with its messages.
   * @example {"email": ["The email field is required."]}
   */
  errors?: Record<string, string[]>;

  /**
   * More about what went wrong, when there is more to say.
   * @example "A tenant with this slug already exists."
   */
  details?: string;

  /**
   * For 429 answers: seconds to wait before retrying (also in `Retry-After`).
   * @example 60
   */
  retry_after?: number;

  /**
   * The request's correlation id, also in the `X-Correlation-Id` header and in our logs.
   * @example "5f0c3a0e-8a7e-4c1e-9d6b-2b5f2f9b8c11"
   */
  correlation_id!: string;
}
