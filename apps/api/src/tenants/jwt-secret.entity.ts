import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { TenantOwnedEntity } from '../core/database/tenant-owned.entity';

/**
 * A tenant's JWT signing secret, encrypted at rest (it must be read back to verify
 * signatures). The current secret has no `validUntil`; a rotated one keeps working until then.
 */
@Entity({ name: 'jwt_secrets' })
export class JwtSecret extends TenantOwnedEntity {
  @PrimaryColumn('text')
  kid!: string;

  @Column('text', { name: 'secret_ciphertext' })
  secretCiphertext!: string;

  @Column('timestamptz', { name: 'valid_until', nullable: true })
  validUntil!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
