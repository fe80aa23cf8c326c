import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../core/database/tenant-db';
import { User } from './user.entity';

export type NewUser = Pick<User, 'id' | 'email' | 'name' | 'role' | 'passwordHash' | 'externalId'>;

/** The only code that reads or writes `users`; every statement is scoped to `tx`'s tenant. */
@Injectable()
export class UsersRepository {
  async insert(tx: TenantTx, user: NewUser): Promise<User> {
    await tx.em.insert(User, { ...user, tenantId: tx.tenantId });
    return tx.em.findOneByOrFail(User, { tenantId: tx.tenantId, id: user.id });
  }

  /** With its password hash, which ordinary reads leave out. */
  findByEmailWithPassword(tx: TenantTx, email: string): Promise<User | null> {
    return tx.em
      .createQueryBuilder(User, 'u')
      .addSelect('u.passwordHash')
      .where('u.tenant_id = :tenantId AND lower(u.email) = lower(:email)', { tenantId: tx.tenantId, email })
      .getOne();
  }
}
