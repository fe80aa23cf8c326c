import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from '../core/database/rls';

/** Sessions, the ledger of consumed one-time tokens, and the security log. */
export class SignIn1763900000000 implements MigrationInterface {
  name = 'SignIn1763900000000';

  async up(q: QueryRunner): Promise<void> {
    // Server-side sessions: only the SHA-256 of the session id is stored. "expires_at" is the
    // earlier of the idle and the absolute expiry, kept current as the session is used.
    await q.query(`CREATE TABLE "sessions" (
      "tenant_id" uuid NOT NULL,
      "id_hash" bytea NOT NULL,
      "user_id" uuid NOT NULL,
      "auth_method" text NOT NULL,
      "ip" text,
      "user_agent" text,
      "created_at" timestamptz NOT NULL,
      "last_seen_at" timestamptz NOT NULL,
      "absolute_expires_at" timestamptz NOT NULL,
      "expires_at" timestamptz NOT NULL,
      CONSTRAINT "sessions_pkey" PRIMARY KEY ("tenant_id", "id_hash"),
      CONSTRAINT "sessions_user_fkey" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users" ("tenant_id", "id") ON DELETE CASCADE,
      CONSTRAINT "sessions_auth_method_check" CHECK ("auth_method" IN ('redirect', 'jwt', 'password'))
    )`);
    // For the purge of expired sessions, which runs across tenants.
    await q.query(`CREATE INDEX "sessions_expires_at_idx" ON "sessions" ("expires_at")`);
    await enableTenantRls(q, 'sessions');

    // One-time tokens already spent (redirect tokens by jti, login JWTs by jti or hash). The
    // primary key makes spending one a single atomic INSERT: a second one conflicts.
    await q.query(`CREATE TABLE "consumed_tokens" (
      "tenant_id" uuid NOT NULL,
      "token_id" text NOT NULL,
      "expires_at" timestamptz NOT NULL,
      "consumed_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "consumed_tokens_pkey" PRIMARY KEY ("tenant_id", "token_id"),
      CONSTRAINT "consumed_tokens_tenant_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX "consumed_tokens_expires_at_idx" ON "consumed_tokens" ("expires_at")`);
    await enableTenantRls(q, 'consumed_tokens', 'SELECT, INSERT');

    await q.query(`CREATE TABLE "security_events" (
      "tenant_id" uuid NOT NULL,
      "id" uuid NOT NULL,
      "kind" text NOT NULL,
      "method" text,
      "code" text,
      "user_id" uuid,
      "email" text,
      "ip" text,
      "user_agent" text,
      "origin" text,
      "correlation_id" text,
      "details" text,
      "created_at" timestamptz NOT NULL,
      CONSTRAINT "security_events_pkey" PRIMARY KEY ("tenant_id", "id"),
      CONSTRAINT "security_events_tenant_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE CASCADE
    )`);
    await q.query(
      `CREATE INDEX "security_events_tenant_created_idx" ON "security_events" ("tenant_id", "created_at" DESC, "id" DESC)`,
    );
    await enableTenantRls(q, 'security_events', 'SELECT, INSERT');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['security_events', 'consumed_tokens', 'sessions']) await q.query(`DROP TABLE "${table}"`);
  }
}
