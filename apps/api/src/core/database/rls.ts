import type { QueryRunner } from 'typeorm';
import { TENANT_ROLE } from './tenant-db';

/**
 * Migration helpers for row-level security. A tenant-owned table gets RLS with one policy:
 * rows are visible and writable only when `tenant_id` is the transaction's `app.tenant_id`.
 * The platform role (the owner) is not subject to it; {@link TENANT_ROLE} is.
 */
export async function createTenantRole(q: QueryRunner): Promise<void> {
  // Checked first: CREATE ROLE needs CREATEROLE even when the role exists, and an operator may
  // have made it beforehand for an application role without that privilege.
  await q.query(`DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${TENANT_ROLE}') THEN
      CREATE ROLE ${TENANT_ROLE} NOLOGIN;
    END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END $$`);
  // A non-superuser owner must be a member to SET ROLE; superusers may already.
  await q.query(`DO $$ BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
      EXECUTE format('GRANT ${TENANT_ROLE} TO %I', current_user);
    END IF;
  END $$`);
  await q.query(`DO $$ BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${TENANT_ROLE}', current_schema());
  END $$`);
  await q.query(`CREATE FUNCTION ct_current_tenant() RETURNS uuid LANGUAGE sql STABLE AS
    $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$`);
}

export async function enableTenantRls(
  q: QueryRunner,
  table: string,
  privileges = 'SELECT, INSERT, UPDATE, DELETE',
  column = 'tenant_id',
): Promise<void> {
  await q.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
  await q.query(
    `CREATE POLICY tenant_isolation ON "${table}" USING ("${column}" = ct_current_tenant()) WITH CHECK ("${column}" = ct_current_tenant())`,
  );
  await q.query(`GRANT ${privileges} ON "${table}" TO ${TENANT_ROLE}`);
}
