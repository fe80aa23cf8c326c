import type { UserRole } from '../validation/rules';

export class MeUserDto {
  /** @example "2c5ea4c0-4067-11e9-8bad-9b1deb4d3b7d" */
  id!: string;
  /** @example "user@example.com" */
  email!: string;
  /** @example "John Doe" */
  name!: string;
  /**
   * `admin`, `agent` or `requester`.
   * @example "requester"
   */
  role!: UserRole;
}

export class MeTenantDto {
  /** @example "5f0c3a0e-8a7e-4c1e-9d6b-2b5f2f9b8c11" */
  id!: string;
  /** @example "acme" */
  slug!: string;
  /** @example "Acme Inc." */
  name!: string;
}

/** The session's user and tenant. */
export class MeDto {
  user!: MeUserDto;
  tenant!: MeTenantDto;
  /**
   * Send this as the `X-CSRF-Token` header on every state-changing request of this session.
   * @example "Yk3n0cF1Qm8yZ2R4bW5wcXJzdHV2d3h5ejAxMjM0NTY"
   */
  csrf_token!: string;
  /**
   * When the session ends at the latest (it ends earlier after a long idle period).
   * @example "2026-11-21T22:00:00.000Z"
   */
  expires_at!: string;
}
