import { ApiToken } from '../../api-tokens/api-token.entity';
import { Domain } from '../../domains/domain.entity';
import { JwtSecret } from '../../tenants/jwt-secret.entity';
import { Tenant } from '../../tenants/tenant.entity';
import { User } from '../../users/user.entity';

/** Every entity. New entities are added here. */
export const ENTITIES = [Tenant, User, ApiToken, JwtSecret, Domain];
