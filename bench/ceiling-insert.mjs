// Baseline: a bare Node http server doing one INSERT … RETURNING per request through a pg pool.
import { createServer } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
await pool.query('CREATE TABLE IF NOT EXISTS bench_ceiling (id uuid PRIMARY KEY, title text NOT NULL, created_at timestamptz NOT NULL)');

createServer((req, res) => {
  let raw = '';
  req.on('data', (chunk) => (raw += chunk));
  req.on('end', async () => {
    try {
      const { title = 'ceiling' } = raw ? JSON.parse(raw) : {};
      const { rows } = await pool.query(
        'INSERT INTO bench_ceiling (id, title, created_at) VALUES (gen_random_uuid(), $1, now()) RETURNING id, title, created_at',
        [title],
      );
      const body = JSON.stringify(rows[0]);
      res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
