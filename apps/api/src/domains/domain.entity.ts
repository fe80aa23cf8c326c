import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { TenantOwnedEntity } from '../core/database/tenant-owned.entity';

/** A custom domain a tenant claims; it serves the portal only once DNS-verified. */
@Entity({ name: 'domains' })
export class Domain extends TenantOwnedEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  hostname!: string;

  @Column('text', { name: 'verification_token' })
  verificationToken!: string;

  @Column('timestamptz', { name: 'verified_at', nullable: true })
  verifiedAt!: Date | null;

  @Column('timestamptz', { name: 'last_checked_at', nullable: true })
  lastCheckedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
