import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { UserRole } from '@central-tickets/contracts';
import { TenantOwnedEntity } from '../core/database/tenant-owned.entity';

/** A person in a tenant: an admin or agent of the console, or a requester. */
@Entity({ name: 'users' })
export class User extends TenantOwnedEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** As given; unique per tenant case-insensitively (index on `lower(email)`). */
  @Column('text')
  email!: string;

  @Column('text')
  name!: string;

  @Column('text')
  role!: UserRole;

  /** Argon2id; null for users who only ever arrive signed in by their company's app. */
  @Column('text', { name: 'password_hash', nullable: true, select: false })
  passwordHash!: string | null;

  @Column('text', { name: 'external_id', nullable: true })
  externalId!: string | null;

  @Column('boolean', { name: 'is_active', default: true })
  isActive!: boolean;

  @Column('timestamptz', { name: 'last_login_at', nullable: true })
  lastLoginAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
