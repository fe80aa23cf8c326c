import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, Not } from 'typeorm';
import type { TenantTx } from '../core/database/tenant-db';
import { Domain } from './domain.entity';

/** The only code that reads or writes `domains`. */
@Injectable()
export class DomainsRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(tx: TenantTx): Promise<Domain[]> {
    return tx.em.find(Domain, { where: { tenantId: tx.tenantId }, order: { createdAt: 'ASC', hostname: 'ASC' } });
  }

  findByHostname(tx: TenantTx, hostname: string): Promise<Domain | null> {
    return tx.em.findOneBy(Domain, { tenantId: tx.tenantId, hostname });
  }

  find(tx: TenantTx, id: string): Promise<Domain | null> {
    return tx.em.findOneBy(Domain, { tenantId: tx.tenantId, id });
  }

  async markChecked(tx: TenantTx, id: string, at: Date): Promise<void> {
    await tx.em.update(Domain, { tenantId: tx.tenantId, id }, { lastCheckedAt: at });
  }

  /** Sets `verified_at` unless already set (a concurrent check may have won); null when the domain is gone. */
  async markVerified(tx: TenantTx, id: string, at: Date): Promise<Domain | null> {
    await tx.em.update(Domain, { tenantId: tx.tenantId, id, verifiedAt: IsNull() }, { verifiedAt: at, lastCheckedAt: at });
    return this.find(tx, id);
  }

  async insert(tx: TenantTx, domain: Pick<Domain, 'id' | 'hostname' | 'verificationToken'>): Promise<Domain> {
    await tx.em.insert(Domain, { ...domain, tenantId: tx.tenantId });
    return tx.em.findOneByOrFail(Domain, { tenantId: tx.tenantId, id: domain.id });
  }

  async delete(tx: TenantTx, id: string): Promise<boolean> {
    const result = await tx.em.delete(Domain, { tenantId: tx.tenantId, id });
    return (result.affected ?? 0) > 0;
  }

  /**
   * Platform: whether any tenant has verified `hostname`. Host names are global (one host
   * serves one tenant), so this runs outside any tenant scope and returns nothing else.
   */
  async isVerifiedAnywhere(hostname: string): Promise<boolean> {
    return this.dataSource.manager.exists(Domain, { where: { hostname, verifiedAt: Not(IsNull()) } });
  }
}
