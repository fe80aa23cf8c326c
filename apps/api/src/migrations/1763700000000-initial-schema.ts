import { MigrationInterface, QueryRunner } from 'typeorm';
import { createTenantRole, enableTenantRls } from '../core/database/rls';

/** Tenants, their users, API tokens, JWT secrets and custom domains. */
export class InitialSchema1763700000000 implements MigrationInterface {
  name = 'InitialSchema1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await createTenantRole(q);

    await q.query(`CREATE TABLE "tenants" (
      "id" uuid NOT NULL,
      "slug" text NOT NULL,
      "name" text NOT NULL,
      "redirect_auth" text NOT NULL DEFAULT 'origin',
      "allowed_origins" text array NOT NULL DEFAULT '{}',
      "test_mode" boolean NOT NULL DEFAULT false,
      "jwt_secret_grace_hours" integer NOT NULL DEFAULT 24,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "tenants_pkey" PRIMARY KEY ("id"),
      CONSTRAINT "tenants_slug_key" UNIQUE ("slug"),
      CONSTRAINT "tenants_redirect_auth_check" CHECK ("redirect_auth" IN ('origin', 'signed', 'open')),
      CONSTRAINT "tenants_grace_check" CHECK ("jwt_secret_grace_hours" BETWEEN 0 AND 720)
    )`);
    // The tenant row is the tenant's own: visible to itself under RLS, keyed on "id".
    await enableTenantRls(q, 'tenants', 'SELECT, UPDATE', 'id');

    await q.query(`CREATE TABLE "users" (
      "tenant_id" uuid NOT NULL,
      "id" uuid NOT NULL,
      "email" text NOT NULL,
      "name" text NOT NULL,
      "role" text NOT NULL,
      "password_hash" text,
      "external_id" text,
      "is_active" boolean NOT NULL DEFAULT true,
      "last_login_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "users_pkey" PRIMARY KEY ("tenant_id", "id"),
      CONSTRAINT "users_tenant_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE CASCADE,
      CONSTRAINT "users_role_check" CHECK ("role" IN ('admin', 'agent', 'requester'))
    )`);
    await q.query(`CREATE UNIQUE INDEX "users_tenant_email_key" ON "users" ("tenant_id", lower("email"))`);
    await q.query(
      `CREATE UNIQUE INDEX "users_tenant_external_id_key" ON "users" ("tenant_id", "external_id") WHERE "external_id" IS NOT NULL`,
    );
    await enableTenantRls(q, 'users');

    await q.query(`CREATE TABLE "api_tokens" (
      "tenant_id" uuid NOT NULL,
      "id" uuid NOT NULL,
      "name" text NOT NULL,
      "token_hash" bytea NOT NULL,
      "last_four" text NOT NULL,
      "scopes" text array NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "last_used_at" timestamptz,
      "revoked_at" timestamptz,
      CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("tenant_id", "id"),
      CONSTRAINT "api_tokens_tenant_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE CASCADE,
      CONSTRAINT "api_tokens_hash_key" UNIQUE ("tenant_id", "token_hash"),
      CONSTRAINT "api_tokens_scopes_check" CHECK ("scopes" <@ ARRAY['tickets:read', 'tickets:write', 'admin']::text[] AND cardinality("scopes") > 0)
    )`);
    await enableTenantRls(q, 'api_tokens');

    await q.query(`CREATE TABLE "jwt_secrets" (
      "tenant_id" uuid NOT NULL,
      "kid" text NOT NULL,
      "secret_ciphertext" text NOT NULL,
      "valid_until" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "jwt_secrets_pkey" PRIMARY KEY ("tenant_id", "kid"),
      CONSTRAINT "jwt_secrets_tenant_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE CASCADE
    )`);
    // Exactly one current secret per tenant.
    await q.query(
      `CREATE UNIQUE INDEX "jwt_secrets_current_key" ON "jwt_secrets" ("tenant_id") WHERE "valid_until" IS NULL`,
    );
    await enableTenantRls(q, 'jwt_secrets');

    await q.query(`CREATE TABLE "domains" (
      "tenant_id" uuid NOT NULL,
      "id" uuid NOT NULL,
      "hostname" text NOT NULL,
      "verification_token" text NOT NULL,
      "verified_at" timestamptz,
      "last_checked_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "domains_pkey" PRIMARY KEY ("tenant_id", "id"),
      CONSTRAINT "domains_tenant_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE CASCADE,
      CONSTRAINT "domains_tenant_hostname_key" UNIQUE ("tenant_id", "hostname")
    )`);
    // A host name serves one tenant: once verified, nobody else can verify it. This index
    // is global on purpose (host → tenant is resolved before any tenant is known); in a
    // distributed deployment "domains" is a reference table (docs/ARCHITECTURE.md).
    await q.query(
      `CREATE UNIQUE INDEX "domains_verified_hostname_key" ON "domains" ("hostname") WHERE "verified_at" IS NOT NULL`,
    );
    await enableTenantRls(q, 'domains');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['domains', 'jwt_secrets', 'api_tokens', 'users', 'tenants']) {
      await q.query(`DROP TABLE "${table}"`);
    }
    await q.query(`DROP FUNCTION ct_current_tenant()`);
  }
}
