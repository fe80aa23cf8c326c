import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ApiTokenScope } from '@central-tickets/contracts';
import { TenantOwnedEntity } from '../core/database/tenant-owned.entity';

/** A tenant API token. Only the SHA-256 of the token is stored. */
@Entity({ name: 'api_tokens' })
export class ApiToken extends TenantOwnedEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('bytea', { name: 'token_hash', select: false })
  tokenHash!: Buffer;

  @Column('text', { name: 'last_four' })
  lastFour!: string;

  @Column('text', { array: true })
  scopes!: ApiTokenScope[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
