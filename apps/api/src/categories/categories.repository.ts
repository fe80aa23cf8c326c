import { Injectable } from '@nestjs/common';
import type { TenantTx } from '../core/database/tenant-db';

export interface CategoryRow {
  id: string;
  name: string;
  position: number;
  ticket_count: number;
  created_at: Date;
}

/** The only code that reads or writes `categories`; every statement is scoped to `tx`'s tenant. */
@Injectable()
export class CategoriesRepository {
  list(tx: TenantTx): Promise<CategoryRow[]> {
    return tx.query(
      `SELECT c.id, c.name, c.position, c.created_at,
              (SELECT count(*)::int FROM tickets t WHERE t.tenant_id = c.tenant_id AND t.category_id = c.id) AS ticket_count
         FROM categories c WHERE c.tenant_id = $1
        ORDER BY c.position, lower(c.name), c.id`,
      [tx.tenantId],
    );
  }

  async find(tx: TenantTx, id: string): Promise<CategoryRow | null> {
    return (await this.list(tx)).find((c) => c.id === id) ?? null;
  }

  async insert(tx: TenantTx, c: { id: string; name: string; position: number }): Promise<void> {
    await tx.query(`INSERT INTO categories (tenant_id, id, name, position) VALUES ($1, $2, $3, $4)`, [
      tx.tenantId,
      c.id,
      c.name,
      c.position,
    ]);
  }

  async rename(tx: TenantTx, id: string, name: string): Promise<void> {
    await tx.query(`UPDATE categories SET name = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2`, [
      tx.tenantId,
      id,
      name,
    ]);
  }

  /** Gives the categories positions 0, 1, 2… in the order of `ids`. */
  async reorder(tx: TenantTx, ids: string[]): Promise<void> {
    await tx.query(
      `UPDATE categories c SET position = o.ord - 1, updated_at = now()
         FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, ord)
        WHERE c.tenant_id = $1 AND c.id = o.id AND c.position <> o.ord - 1`,
      [tx.tenantId, ids],
    );
  }

  /** Moves every ticket of `from` to `to`, recording the change in each ticket's history. */
  async moveTickets(tx: TenantTx, from: string, to: string, actor: { type: string; id: string }): Promise<void> {
    await tx.query(
      `WITH moved AS (
         UPDATE tickets SET category_id = $3, updated_at = now()
          WHERE tenant_id = $1 AND category_id = $2
         RETURNING id)
       INSERT INTO ticket_events (tenant_id, id, ticket_id, action, actor_type, actor_id, changes)
       SELECT $1, gen_random_uuid(), moved.id, 'updated', $4, $5,
              jsonb_build_object('category_id', jsonb_build_object('from', $2::text, 'to', $3::text))
         FROM moved`,
      [tx.tenantId, from, to, actor.type, actor.id],
    );
  }

  async delete(tx: TenantTx, id: string): Promise<void> {
    await tx.query(`DELETE FROM categories WHERE tenant_id = $1 AND id = $2`, [tx.tenantId, id]);
  }
}
