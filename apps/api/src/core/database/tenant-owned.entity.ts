import { PrimaryColumn } from 'typeorm';

/**
 * Base of every tenant-owned table: `tenant_id` is non-null and leads the primary key (and
 * so every unique constraint and foreign key built on it), which keeps tenants apart and
 * lets the schema be distributed by tenant.
 */
export abstract class TenantOwnedEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId!: string;
}
