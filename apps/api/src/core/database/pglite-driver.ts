import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PglitePgConnection } from '@electric-sql/pglite/node-postgres';
import * as pg from 'pg';

/**
 * A `pg` module for TypeORM that runs on embedded PGlite, so the embedded database speaks
 * exactly the wire protocol, types and errors of the real server.
 *
 * PGlite is one PostgreSQL session. The pool therefore holds one client at a time (a
 * transaction owns the session until it ends), each client gets a fresh protocol
 * connection (a destroyed client must not take the next one down with it), a transaction
 * left open by a client that went away is rolled back before the session is handed out
 * again, and a new client starts with no prepared statements on either side.
 */
export function createPgliteDriver(pglite: PGlite, releaseLock?: () => void): typeof pg {
  class PgliteClient extends pg.Client {
    constructor(config: pg.ClientConfig) {
      super({ ...config, connection: new PglitePgConnection({ pglite }) } as pg.ClientConfig);
    }
  }

  class PglitePool extends pg.Pool {
    /** Clients whose statement cache matches the session's. */
    private readonly known = new WeakSet<pg.PoolClient>();

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
        // The session outlives clients: a new client knows no prepared statements, so the
        // session must not either (or its first Parse of a name would collide).
        if (!this.known.has(client)) {
          await client.query('DEALLOCATE ALL');
          this.known.add(client);
        }
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
      const done = super.end().then(async () => {
        if (!pglite.closed) await pglite.close();
        releaseLock?.();
      });
      if (!callback) return done;
      done.then(callback, callback);
    }
  }

  return { ...pg, Pool: PglitePool } as typeof pg;
}

export class DatabaseInUseError extends Error {}

/**
 * PostgreSQL's default 128 MB of shared buffers lives inside the WebAssembly heap: 32 MB
 * brings an idle embedded database from about 300 MB resident to about 190 MB, and the
 * operating system's cache still holds the files.
 */
const PGLITE_OPTIONS = {
  startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'],
  // The migrations use btree_gin (a tenant's search index) where it is available.
  extensions: { btree_gin },
};

/**
 * PGlite is one process's database: a second process opening the same directory would
 * corrupt it. An exclusive lock file next to it refuses the second opener (a lock left by a
 * process that no longer runs is taken over).
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = join(dirname(dataDir), 'pglite.lock');
  mkdirSync(dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(lockFile);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(lockFile, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new DatabaseInUseError(
          `The embedded database in ${dataDir} is in use by process ${pid}. Stop that process first, ` +
            'use the HTTP API instead, or run both against PostgreSQL (DATABASE_URL).',
        );
      }
      unlinkSync(lockFile);
    }
  }
  throw new DatabaseInUseError(`Could not lock ${lockFile}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Opens (creating on first use) the embedded database in `dataDir`, or in memory for
 * `memory://`. Returns the database and the function that releases its lock.
 */
export async function openPglite(dataDir: string): Promise<{ pglite: PGlite; release: () => void }> {
  if (dataDir === 'memory://') return { pglite: await PGlite.create(PGLITE_OPTIONS), release: () => undefined };
  const release = lockDataDir(dataDir);
  try {
    return { pglite: await PGlite.create(dataDir, PGLITE_OPTIONS), release };
  } catch (err) {
    release();
    throw err;
  }
}
