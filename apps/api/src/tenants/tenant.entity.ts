import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { RedirectAuthMode } from '@central-tickets/contracts';

/** A company using the platform. A platform table: the tenant row itself. */
@Entity({ name: 'tenants' })
export class Tenant {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { unique: true })
  slug!: string;

  @Column('text')
  name!: string;

  @Column('text', { name: 'redirect_auth', default: 'origin' })
  redirectAuth!: RedirectAuthMode;

  @Column('text', { name: 'allowed_origins', array: true, default: () => "'{}'" })
  allowedOrigins!: string[];

  @Column('boolean', { name: 'test_mode', default: false })
  testMode!: boolean;

  @Column('integer', { name: 'jwt_secret_grace_hours', default: 24 })
  jwtSecretGraceHours!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
