import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The count of a ticket's public replies beside the count of all its comments: requesters'
 * lists show the former, so the number of internal notes never reaches them.
 */
export class PublicCommentCount1764100000000 implements MigrationInterface {
  name = 'PublicCommentCount1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tickets" ADD COLUMN "public_comment_count" integer NOT NULL DEFAULT 0`);
    await q.query(`UPDATE "tickets" t SET "public_comment_count" = c.n
      FROM (SELECT tenant_id, ticket_id, count(*)::int AS n FROM "ticket_comments" WHERE NOT internal GROUP BY tenant_id, ticket_id) c
     WHERE t.tenant_id = c.tenant_id AND t.id = c.ticket_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tickets" DROP COLUMN "public_comment_count"`);
  }
}
