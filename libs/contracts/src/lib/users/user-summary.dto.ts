import type { UserRole } from '../validation/rules';

/** A person as tickets show them. */
export class UserSummaryDto {
  /**
   * The user's id.
   * @example "2c5ea4c0-4067-11e9-8bad-9b1deb4d3b7d"
   */
  id!: string;

  /**
   * Their email address.
   * @example "jane@customer.example"
   */
  email!: string;

  /**
   * Their name.
   * @example "Jane Doe"
   */
  name!: string;
}

/** An agent or admin: someone tickets can be assigned to. */
export class AgentDto extends UserSummaryDto {
  /**
   * `admin` or `agent`.
   * @example "agent"
   */
  role!: UserRole;
}
