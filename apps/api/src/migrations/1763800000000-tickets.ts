import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from '../core/database/rls';
import { TENANT_ROLE } from '../core/database/tenant-db';

/**
 * Tickets with their comments and history, categories, the per-tenant ticket counter and
 * idempotency keys. `tenant_id` leads every key, and references between them are composite
 * (`tenant_id`, id), so a ticket can only point at its own tenant's category or users.
 */
export class Tickets1763800000000 implements MigrationInterface {
  name = 'Tickets1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "categories" (
      "tenant_id" uuid NOT NULL,
      "id" uuid NOT NULL,
      "name" text NOT NULL,
      "position" integer NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "categories_pkey" PRIMARY KEY ("tenant_id", "id"),
      CONSTRAINT "categories_tenant_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE CASCADE
    )`);
    await q.query(`CREATE UNIQUE INDEX "categories_tenant_name_key" ON "categories" ("tenant_id", lower("name"))`);
    await enableTenantRls(q, 'categories');

    await q.query(`CREATE TABLE "ticket_counters" (
      "tenant_id" uuid NOT NULL,
      "last_number" bigint NOT NULL,
      CONSTRAINT "ticket_counters_pkey" PRIMARY KEY ("tenant_id"),
      CONSTRAINT "ticket_counters_tenant_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE CASCADE
    )`);
    await enableTenantRls(q, 'ticket_counters', 'SELECT, INSERT, UPDATE');

    await q.query(`CREATE TABLE "tickets" (
      "tenant_id" uuid NOT NULL,
      "id" uuid NOT NULL,
      "number" bigint NOT NULL,
      "title" text NOT NULL,
      "description" text NOT NULL,
      "status" text NOT NULL DEFAULT 'open',
      "priority" text NOT NULL DEFAULT 'medium',
      "category_id" uuid,
      "requester_id" uuid,
      "assignee_id" uuid,
      "tags" text array NOT NULL DEFAULT '{}',
      "source" text NOT NULL,
      "comment_count" integer NOT NULL DEFAULT 0,
      "comments_tsv" tsvector NOT NULL DEFAULT ''::tsvector,
      "search_vector" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', "title"), 'A') ||
        setweight(to_tsvector('english', "description"), 'B') ||
        setweight("comments_tsv", 'C')
      ) STORED,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      "first_response_at" timestamptz,
      "resolved_at" timestamptz,
      "closed_at" timestamptz,
      CONSTRAINT "tickets_pkey" PRIMARY KEY ("tenant_id", "id"),
      CONSTRAINT "tickets_tenant_number_key" UNIQUE ("tenant_id", "number"),
      CONSTRAINT "tickets_tenant_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE CASCADE,
      CONSTRAINT "tickets_category_fkey" FOREIGN KEY ("tenant_id", "category_id") REFERENCES "categories" ("tenant_id", "id"),
      CONSTRAINT "tickets_requester_fkey" FOREIGN KEY ("tenant_id", "requester_id") REFERENCES "users" ("tenant_id", "id"),
      CONSTRAINT "tickets_assignee_fkey" FOREIGN KEY ("tenant_id", "assignee_id") REFERENCES "users" ("tenant_id", "id"),
      CONSTRAINT "tickets_status_check" CHECK ("status" IN ('open', 'pending', 'resolved', 'closed')),
      CONSTRAINT "tickets_priority_check" CHECK ("priority" IN ('low', 'medium', 'high', 'urgent')),
      CONSTRAINT "tickets_source_check" CHECK ("source" IN ('api', 'portal', 'redirect', 'jwt'))
    )`);
    // Lists are newest first (number descending), each filter with an index of its own.
    await q.query(`CREATE INDEX "tickets_status_idx" ON "tickets" ("tenant_id", "status", "number" DESC)`);
    await q.query(`CREATE INDEX "tickets_priority_idx" ON "tickets" ("tenant_id", "priority", "number" DESC)`);
    await q.query(`CREATE INDEX "tickets_requester_idx" ON "tickets" ("tenant_id", "requester_id", "number" DESC)`);
    await q.query(
      `CREATE INDEX "tickets_assignee_idx" ON "tickets" ("tenant_id", "assignee_id", "number" DESC) WHERE "assignee_id" IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX "tickets_category_idx" ON "tickets" ("tenant_id", "category_id", "number" DESC) WHERE "category_id" IS NOT NULL`,
    );
    await q.query(`CREATE INDEX "tickets_tags_idx" ON "tickets" USING gin ("tags")`);
    // Search: GIN over (tenant_id, search_vector) where btree_gin exists (a tenant's matches
    // only), over search_vector alone where it does not. The extension lives in "public" so
    // that schemas made and dropped beside it (the test suites') never take it with them.
    // fastupdate is off: with it, recent tickets wait in a pending list that every search
    // reads in full until vacuum merges it (searches took 5× longer after a burst of creates,
    // and inserting directly cost creates nothing measurable).
    await q.query(`DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'btree_gin') THEN
        BEGIN
          CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public;
        EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL;
        END;
        CREATE INDEX "tickets_search_idx" ON "tickets" USING gin ("tenant_id", "search_vector") WITH (fastupdate = off);
      ELSE
        CREATE INDEX "tickets_search_idx" ON "tickets" USING gin ("search_vector") WITH (fastupdate = off);
      END IF;
    END $$`);
    await enableTenantRls(q, 'tickets');
    // Under row-level security PostgreSQL will not use "tsvector @@ tsquery" as an index
    // condition (the operator is not leakproof), which would turn every search into a scan
    // of the tenant's tickets. The search runs in this function as the table owner instead;
    // it answers only for the tenant the calling transaction is scoped to.
    await q.query(`CREATE FUNCTION ct_search_tickets(p_tenant uuid, p_query text)
      RETURNS TABLE (ticket_id uuid, rank real)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
      AS $$
        SELECT t.id, ts_rank(t.search_vector, q)
          FROM tickets t, websearch_to_tsquery('english', p_query) q
         WHERE p_tenant = ct_current_tenant() AND t.tenant_id = p_tenant AND t.search_vector @@ q
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION ct_search_tickets(uuid, text) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION ct_search_tickets(uuid, text) TO ${TENANT_ROLE}`);

    await q.query(`CREATE TABLE "ticket_comments" (
      "tenant_id" uuid NOT NULL,
      "id" uuid NOT NULL,
      "ticket_id" uuid NOT NULL,
      "author_user_id" uuid,
      "author_token_id" uuid,
      "body" text NOT NULL,
      "internal" boolean NOT NULL DEFAULT false,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "ticket_comments_pkey" PRIMARY KEY ("tenant_id", "id"),
      CONSTRAINT "ticket_comments_ticket_fkey" FOREIGN KEY ("tenant_id", "ticket_id") REFERENCES "tickets" ("tenant_id", "id") ON DELETE CASCADE,
      CONSTRAINT "ticket_comments_user_fkey" FOREIGN KEY ("tenant_id", "author_user_id") REFERENCES "users" ("tenant_id", "id"),
      CONSTRAINT "ticket_comments_token_fkey" FOREIGN KEY ("tenant_id", "author_token_id") REFERENCES "api_tokens" ("tenant_id", "id"),
      CONSTRAINT "ticket_comments_author_check" CHECK (("author_user_id" IS NULL) <> ("author_token_id" IS NULL))
    )`);
    await q.query(`CREATE INDEX "ticket_comments_ticket_idx" ON "ticket_comments" ("tenant_id", "ticket_id", "created_at")`);
    await enableTenantRls(q, 'ticket_comments');

    await q.query(`CREATE TABLE "ticket_events" (
      "tenant_id" uuid NOT NULL,
      "id" uuid NOT NULL,
      "ticket_id" uuid NOT NULL,
      "action" text NOT NULL,
      "actor_type" text NOT NULL,
      "actor_id" uuid NOT NULL,
      "changes" jsonb NOT NULL DEFAULT '{}',
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "ticket_events_pkey" PRIMARY KEY ("tenant_id", "id"),
      CONSTRAINT "ticket_events_ticket_fkey" FOREIGN KEY ("tenant_id", "ticket_id") REFERENCES "tickets" ("tenant_id", "id") ON DELETE CASCADE,
      CONSTRAINT "ticket_events_action_check" CHECK ("action" IN ('created', 'updated', 'commented')),
      CONSTRAINT "ticket_events_actor_check" CHECK ("actor_type" IN ('user', 'api_token'))
    )`);
    await q.query(`CREATE INDEX "ticket_events_ticket_idx" ON "ticket_events" ("tenant_id", "ticket_id", "created_at")`);
    await enableTenantRls(q, 'ticket_events');

    await q.query(`CREATE TABLE "idempotency_keys" (
      "tenant_id" uuid NOT NULL,
      "key" text NOT NULL,
      "route" text NOT NULL,
      "request_hash" bytea NOT NULL,
      "status" integer,
      "response" jsonb,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("tenant_id", "key"),
      CONSTRAINT "idempotency_keys_tenant_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" ("created_at")`);
    await enableTenantRls(q, 'idempotency_keys');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION ct_search_tickets(uuid, text)`);
    for (const table of ['idempotency_keys', 'ticket_events', 'ticket_comments', 'tickets', 'ticket_counters', 'categories']) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
