import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from '../core/database/rls';

/**
 * Invitations to the console: an admin invites a person by email, the link (whose token is
 * stored only as a SHA-256) lets them choose a password once. At most one open invitation per
 * address; an accepted one stays as the record of who invited whom.
 */
export class Invitations1764000000000 implements MigrationInterface {
  name = 'Invitations1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "invitations" (
      "tenant_id" uuid NOT NULL,
      "id" uuid NOT NULL,
      "email" text NOT NULL,
      "name" text NOT NULL,
      "role" text NOT NULL,
      "token_hash" bytea NOT NULL,
      "invited_by" uuid,
      "created_at" timestamptz NOT NULL,
      "expires_at" timestamptz NOT NULL,
      "accepted_at" timestamptz,
      "user_id" uuid,
      CONSTRAINT "invitations_pkey" PRIMARY KEY ("tenant_id", "id"),
      CONSTRAINT "invitations_tenant_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE CASCADE,
      CONSTRAINT "invitations_invited_by_fkey" FOREIGN KEY ("tenant_id", "invited_by") REFERENCES "users" ("tenant_id", "id"),
      CONSTRAINT "invitations_user_fkey" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users" ("tenant_id", "id"),
      CONSTRAINT "invitations_role_check" CHECK ("role" IN ('admin', 'agent'))
    )`);
    await q.query(`CREATE UNIQUE INDEX "invitations_token_key" ON "invitations" ("tenant_id", "token_hash")`);
    await q.query(
      `CREATE UNIQUE INDEX "invitations_open_email_key" ON "invitations" ("tenant_id", lower("email")) WHERE "accepted_at" IS NULL`,
    );
    await enableTenantRls(q, 'invitations');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "invitations"`);
  }
}
