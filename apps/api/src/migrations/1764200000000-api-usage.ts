import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from '../core/database/rls';

/**
 * Each tenant's use of the API, per day, endpoint group and status class. Requests are counted
 * in memory and added here in batches (UsageRecorder), so counting costs the hot path nothing.
 */
export class ApiUsage1764200000000 implements MigrationInterface {
  name = 'ApiUsage1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "api_usage" (
      "tenant_id" uuid NOT NULL,
      "day" date NOT NULL,
      "endpoint_group" text NOT NULL,
      "status_class" text NOT NULL,
      "requests" bigint NOT NULL,
      CONSTRAINT "api_usage_pkey" PRIMARY KEY ("tenant_id", "day", "endpoint_group", "status_class"),
      CONSTRAINT "api_usage_tenant_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE CASCADE
    )`);
    // Tenants read theirs (and a restore writes them back); the platform adds the counts.
    await enableTenantRls(q, 'api_usage', 'SELECT, INSERT');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "api_usage"`);
  }
}
