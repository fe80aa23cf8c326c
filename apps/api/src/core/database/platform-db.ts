import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { statementName } from './tenant-db';

/**
 * Statements that run outside any tenant scope, as the platform role (which row-level
 * security does not restrict), each on its own, prepared once per connection. Every use is a
 * deliberate exception with its reason next to it; tenant work goes through TenantDb.
 */
@Injectable()
export class PlatformDb {
  constructor(private readonly dataSource: DataSource) {}

  async query<T>(text: string, values: unknown[] = []): Promise<T[]> {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const result = await pool.query({ name: statementName(text), text, values });
    return result.rows as T[];
  }
}
