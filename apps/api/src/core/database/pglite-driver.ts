import { PGlite } from '@electric-sql/pglite';
import { PglitePgConnection } from '@electric-sql/pglite/node-postgres';
import * as pg from 'pg';

/**
 * A `pg` module for TypeORM that runs on embedded PGlite, so the embedded database speaks
 * exactly the wire protocol, types and errors of the real server.
 *
 * PGlite is one PostgreSQL session. The pool therefore holds one client at a time (a
 * transaction owns the session until it ends), each client gets a fresh protocol
 * connection (a destroyed client must not take the next one down with it), and a
 * transaction left open by a client that went away is rolled back before the session is
 * handed out again.
 */
export function createPgliteDriver(pglite: PGlite): typeof pg {
  class PgliteClient extends pg.Client {
    constructor(config: pg.ClientConfig) {
      super({ ...config, connection: new PglitePgConnection({ pglite }) } as pg.ClientConfig);
    }
  }

  class PglitePool extends pg.Pool {
    constructor(config?: pg.PoolConfig) {
      super({ ...config, max: 1, Client: PgliteClient as unknown as typeof pg.Client });
    }

    override connect(): Promise<pg.PoolClient>;
    override connect(
      callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
    ): void;
    override connect(
      callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
    ): Promise<pg.PoolClient> | void {
      const ready = super.connect().then(async (client) => {
        if (pglite.isInTransaction()) await client.query('ROLLBACK');
        return client;
      });
      if (!callback) return ready;
      ready.then(
        (client) => callback(undefined, client, (release?: unknown) => client.release(release as Error)),
        (err: Error) => callback(err, undefined, () => undefined),
      );
    }

    override async end(): Promise<void>;
    override end(callback: () => void): void;
    override end(callback?: () => void): Promise<void> | void {
      const done = super.end().then(() => (pglite.closed ? undefined : pglite.close()));
      if (!callback) return done;
      done.then(callback, callback);
    }
  }

  return { ...pg, Pool: PglitePool } as typeof pg;
}

/** Opens (creating on first use) the embedded database in `dataDir`, or in memory for `memory://`. */
export async function openPglite(dataDir: string): Promise<PGlite> {
  return PGlite.create(dataDir === 'memory://' ? undefined : dataDir, { relaxedDurability: false });
}
