import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { TenantTx } from '../core/database/tenant-db';
import { Tenant } from './tenant.entity';

export type TenantSettings = Partial<
  Pick<Tenant, 'name' | 'allowedOrigins' | 'redirectAuth' | 'testMode' | 'jwtSecretGraceHours'>
>;

/**
 * `tenants` is the platform's table of tenants. Platform reads (by slug, the operator's
 * list) run outside any tenant scope; a tenant's own reads and writes run in its scope.
 */
@Injectable()
export class TenantsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Platform: resolves a slug before any tenant is known. */
  findBySlug(slug: string): Promise<Tenant | null> {
    return this.dataSource.manager.findOneBy(Tenant, { slug });
  }

  /** Platform: every tenant, for operators. */
  listAll(): Promise<Tenant[]> {
    return this.dataSource.manager.find(Tenant, { order: { createdAt: 'ASC', slug: 'ASC' } });
  }

  /** Platform: inside the sign-up transaction, before its tenant scope begins. */
  async insert(em: EntityManager, tenant: Pick<Tenant, 'id' | 'slug' | 'name'> & TenantSettings): Promise<void> {
    await em.insert(Tenant, tenant);
  }

  get(tx: TenantTx): Promise<Tenant> {
    return tx.em.findOneByOrFail(Tenant, { id: tx.tenantId });
  }

  /** The tenant row, locked until the transaction ends: tenant-wide changes take turns. */
  getForUpdate(tx: TenantTx): Promise<Tenant> {
    return tx.em.findOneOrFail(Tenant, { where: { id: tx.tenantId }, lock: { mode: 'pessimistic_write' } });
  }

  async update(tx: TenantTx, changes: TenantSettings): Promise<Tenant> {
    if (Object.keys(changes).length) await tx.em.update(Tenant, { id: tx.tenantId }, changes);
    return this.get(tx);
  }
}
