import { HttpStatus, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  type CategoryDto,
  type CreateCategoryDto,
  ErrorCode,
  type UpdateCategoryDto,
} from '@central-tickets/contracts';
import type { AuthContext } from '../core/auth/auth-context';
import { isUniqueViolation } from '../core/database/pg-errors';
import { TenantDb, type TenantTx } from '../core/database/tenant-db';
import { AppException } from '../core/errors/app.exception';
import { TenantsRepository } from '../tenants/tenants.repository';
import { actorOf } from '../tickets/tickets.service';
import { type CategoryRow, CategoriesRepository } from './categories.repository';

const toDto = (c: CategoryRow): CategoryDto => ({
  id: c.id,
  name: c.name,
  position: c.position,
  ticket_count: c.ticket_count,
  created_at: c.created_at.toISOString(),
});

const nameTaken = () =>
  new AppException(HttpStatus.CONFLICT, ErrorCode.Conflict, 'A category with this name already exists.', {
    errors: { name: ['The name has already been taken.'] },
  });

const categoryNotFound = () => AppException.notFound('No such category.');

/**
 * A tenant's categories, in an order the admin chooses. Changes take turns on the tenant row,
 * so positions stay 0, 1, 2… A category that tickets use is not deleted silently: 409 with
 * the count, unless the request names a category to move them to (`reassign_to`).
 */
@Injectable()
export class CategoriesService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: CategoriesRepository,
    private readonly tenants: TenantsRepository,
  ) {}

  list(tenantId: string): Promise<CategoryDto[]> {
    return this.db.run(tenantId, async (tx) => (await this.repo.list(tx)).map(toDto));
  }

  create(tenantId: string, dto: CreateCategoryDto): Promise<CategoryDto> {
    return this.write(tenantId, async (tx, all) => {
      const id = randomUUID();
      await this.repo.insert(tx, { id, name: dto.name, position: all.length });
      const ids = all.map((c) => c.id);
      ids.splice(Math.min(dto.position ?? ids.length, ids.length), 0, id);
      await this.repo.reorder(tx, ids);
      return id;
    });
  }

  update(tenantId: string, id: string, dto: UpdateCategoryDto): Promise<CategoryDto> {
    return this.write(tenantId, async (tx, all) => {
      const index = all.findIndex((c) => c.id === id);
      if (index < 0) throw categoryNotFound();
      if (dto.name !== undefined && dto.name !== all[index].name) await this.repo.rename(tx, id, dto.name);
      if (dto.position !== undefined) {
        const ids = all.map((c) => c.id).filter((x) => x !== id);
        ids.splice(Math.min(dto.position, ids.length), 0, id);
        await this.repo.reorder(tx, ids);
      }
      return id;
    });
  }

  async delete(auth: AuthContext, id: string, reassignTo?: string): Promise<void> {
    await this.db.run(auth.tenantId, async (tx) => {
      await this.tenants.getForUpdate(tx);
      const all = await this.repo.list(tx);
      const category = all.find((c) => c.id === id);
      if (!category) throw categoryNotFound();
      if (reassignTo !== undefined) {
        if (reassignTo === id || !all.some((c) => c.id === reassignTo)) {
          throw AppException.invalidField('reassign_to', 'The selected reassign to is not another category of this tenant.');
        }
        await this.repo.moveTickets(tx, id, reassignTo, actorOf(auth));
      } else if (category.ticket_count > 0) {
        const n = category.ticket_count;
        throw AppException.conflict(
          `This category has ${n} ticket${n === 1 ? '' : 's'}.`,
          `Move them first, or delete with ?reassign_to=<another category id> to move them in the same step.`,
        );
      }
      await this.repo.delete(tx, id);
      await this.repo.reorder(tx, all.filter((c) => c.id !== id).map((c) => c.id));
    });
  }

  /** Runs a change with the tenant's categories locked, and answers with the changed category. */
  private async write(
    tenantId: string,
    change: (tx: TenantTx, all: CategoryRow[]) => Promise<string>,
  ): Promise<CategoryDto> {
    try {
      return await this.db.run(tenantId, async (tx) => {
        await this.tenants.getForUpdate(tx);
        const id = await change(tx, await this.repo.list(tx));
        return toDto((await this.repo.find(tx, id)) as CategoryRow);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'categories_tenant_name_key')) throw nameTaken();
      throw err;
    }
  }
}
