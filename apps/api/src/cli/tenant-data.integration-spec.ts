import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandRunner } from 'nest-commander';
import { InvalidationService } from '../core/cache/invalidation.service';
import { TenantDb } from '../core/database/tenant-db';
import { tenantOwnedTables, type Sql } from '../core/database/tenant-schema';
import { tenantWithTokens, type TenantFixture } from '../testing/fixtures';
import { UsageRecorder } from '../usage/usage.recorder';
import { loginJwt, portalHost, sessionCookie } from '../testing/sign-in';
import { startTestApp, type TestApp } from '../testing/test-app';
import { ExportTenantCommand, ImportTenantCommand } from './tenant-data.commands';
import { TenantDataRepository } from './tenant-data.repository';
import { EXIT_MIGRATION_MISMATCH, EXIT_TENANT_EXISTS, TenantDataService } from './tenant-data.service';

const PASSWORD = 'correct horse battery staple';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** The commands as the CLI module wires them, on a test app's database. */
function commandsOf(t: TestApp) {
  const service = new TenantDataService(
    t.dataSource,
    t.app.get(TenantDb),
    new TenantDataRepository(),
    t.clock,
    t.app.get(InvalidationService),
  );
  return { exportCmd: new ExportTenantCommand(service), importCmd: new ImportTenantCommand(service) };
}

/** Runs a command as the CLI would, and returns its exit code and what it printed. */
async function run(command: CommandRunner, params: string[], options: Record<string, unknown>): Promise<Outcome> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const capture = (into: string[]) => ((chunk: string | Uint8Array) => into.push(String(chunk)) > 0) as typeof process.stdout.write;
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture(stdout));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture(stderr));
  process.exitCode = undefined;
  try {
    await command.run(params, options);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

const linesOf = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const parsed = (file: string) => linesOf(file).map((l) => JSON.parse(l) as Record<string, unknown>);
type RowLine = { table: string; row: Record<string, unknown> };
const rowsOf = (file: string) => parsed(file).filter((l): l is RowLine => typeof l['table'] === 'string');

/** Row counts of every table of a database (tenants and the tenant-owned ones). */
async function countAll(t: TestApp): Promise<Record<string, number>> {
  const sql: Sql = (text, values) => t.dataSource.query(text, values);
  const tables = ['tenants', ...(await tenantOwnedTables(sql)).map((x) => x.name)];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
    counts[table] = n;
  }
  return counts;
}

/**
 * `tenants export` and `tenants import`: a tenant with rows in every tenant-owned table is
 * exported from one database, imported into a fresh one (same APP_KEY), exported again there:
 * the two files are the same line for line, and the tenant works in its new home.
 */
describe('tenant export and import (operator CLI)', () => {
  const appKey = randomBytes(32).toString('base64');
  let source: TestApp;
  let target: TestApp;
  let dir: string;
  let acme: TenantFixture;
  let other: TenantFixture;
  let jwtSecret: string;
  let ticket: { id: string; number: number };
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ct-tenant-data-'));
    [source, target] = [await startTestApp({ APP_KEY: appKey }), await startTestApp({ APP_KEY: appKey })];
    acme = await tenantWithTokens(source);
    other = await tenantWithTokens(source);
    const http = source.http;
    const slug = acme.signup.tenant.slug;
    const admin = acme.admin;

    await http.patch('/api/tenant').set(admin).send({ allowed_origins: ['https://app.acme.example'], jwt_secret_grace_hours: 48 }).expect(200);
    jwtSecret = (await http.post('/api/tenant/jwt-secret/rotate').set(admin).expect(201)).body.jwt_secret;
    await http.post('/api/tenant/domains').set(admin).send({ hostname: `help.${slug}.example` }).expect(201);
    await http.post('/api/tenant/invitations').set(admin).send({ email: 'grace@acme.example', name: 'Grace', role: 'agent' }).expect(201);
    const category = (await http.post('/api/categories').set(admin).send({ name: 'Billing' }).expect(201)).body;
    ticket = (
      await http
        .post('/api/tickets')
        .set({ ...acme.write, 'Idempotency-Key': 'export-key-0001' })
        .send({ title: 'Invoice twice', description: 'Charged two times', category_id: category.id, requester_email: 'ada@customer.example', tags: ['billing', 'urgent one'] })
        .expect(201)
    ).body;
    await http.post('/api/tickets').set(acme.write).send({ title: 'Second', description: 'Another' }).expect(201);
    await http.post(`/api/tickets/${ticket.id}/comments`).set(acme.write).send({ body: 'Looking into the zanzibar refund' }).expect(201);
    await http.post(`/api/tickets/${ticket.id}/comments`).set(admin).send({ body: 'Internal note', internal: true, author_email: `owner@${slug}.example` }).expect(201);
    await http.patch(`/api/tickets/${ticket.id}`).set(admin).send({ status: 'pending', priority: 'high' }).expect(200);
    // A console sign-in (a session, the security log) and a JWT login (a consumed token, a requester).
    await http.post('/api/auth/login').set('Host', portalHost(slug)).send({ email: `owner@${slug}.example`, password: PASSWORD }).expect(200);
    await http.post('/api/jwt/login').set('Host', portalHost(slug)).send({ token: loginJwt(jwtSecret, { email: 'ada@customer.example', jti: 'export-jti-1' }) }).expect(200);

    await http.post('/api/categories').set(other.admin).send({ name: 'Other only' }).expect(201);
    await http.post('/api/tickets').set(other.write).send({ title: 'Other secret', description: 'not for acme' }).expect(201);
    // The API requests above, counted per tenant (api_usage), written now rather than in ten seconds.
    await source.app.get(UsageRecorder).flush();
  });

  afterAll(async () => {
    await source?.close();
    await target?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports the tenant: every tenant-owned table, its rows only, values exact, the file for its owner only', async () => {
    const { exportCmd } = commandsOf(source);
    const res = await run(exportCmd, [acme.signup.tenant.slug], { out: file('acme.jsonl') });
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout).toContain(`Exported tenant ${acme.signup.tenant.slug} (${acme.id})`);
    expect(statSync(file('acme.jsonl')).mode & 0o777).toBe(0o600);

    const [header, ...rest] = parsed(file('acme.jsonl'));
    expect(header).toEqual({
      format: 'central-tickets/tenant-export',
      version: 1,
      tenant: { id: acme.id, slug: acme.signup.tenant.slug },
      migration: source.dataSource.migrations.at(-1)?.name,
      exported_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const rows = rowsOf(file('acme.jsonl'));
    const counts: Record<string, number> = {};
    for (const r of rows) counts[r.table] = (counts[r.table] ?? 0) + 1;
    expect(rest.at(-1)).toEqual({ end: { rows: expect.objectContaining(counts) } });

    // Every tenant-owned table of the schema holds rows of the fixture, and is in the file.
    const owned = (await tenantOwnedTables((text, values) => source.dataSource.query(text, values))).map((t) => t.name);
    expect(owned.filter((t) => !counts[t])).toEqual([]);
    expect(counts['tenants']).toBe(1);
    // Parents come before children: tenants first, tickets before their comments.
    const firstOf = (table: string) => rows.findIndex((r) => r.table === table);
    expect(firstOf('tenants')).toBe(0);
    expect(firstOf('tickets')).toBeLessThan(firstOf('ticket_comments'));
    expect(firstOf('users')).toBeLessThan(firstOf('sessions'));

    // Nothing of the other tenant.
    expect(rows.every((r) => (r.table === 'tenants' ? r.row['id'] : r.row['tenant_id']) === acme.id)).toBe(true);
    expect(readFileSync(file('acme.jsonl'), 'utf8')).not.toContain(other.id);
    expect(readFileSync(file('acme.jsonl'), 'utf8')).not.toContain('Other secret');

    // bytea as base64 (the sign-up token's SHA-256), generated columns left out, arrays and jsonb as they are.
    const tokenHashes = rows.filter((r) => r.table === 'api_tokens').map((r) => r.row['token_hash']);
    expect(tokenHashes).toContain(createHash('sha256').update(acme.signup.api_token).digest('base64'));
    const exported = rows.find((r) => r.table === 'tickets' && r.row['id'] === ticket.id)?.row ?? {};
    expect(exported).not.toHaveProperty('search_vector');
    expect(exported).toMatchObject({ tags: ['billing', 'urgent one'], status: 'pending', comment_count: 2 });
    expect(rows.find((r) => r.table === 'ticket_events' && r.row['action'] === 'updated')?.row['changes']).toMatchObject({
      status: expect.anything(),
    });
    // Timestamps keep their microseconds: PostgreSQL reads the exported text back as the stored value.
    const [{ same }] = await source.dataSource.query(`SELECT created_at = $1::timestamptz AS same FROM tickets WHERE tenant_id = $2 AND id = $3`, [
      exported['created_at'],
      acme.id,
      ticket.id,
    ]);
    expect([exported['created_at'], same]).toEqual([expect.stringMatching(/\+00:00$/), true]);
  });

  it('imports into an empty database, where exporting it again gives the same file line for line', async () => {
    const before = await countAll(target);
    expect(before['tenants']).toBe(0);
    const res = await run(commandsOf(target).importCmd, [], { in: file('acme.jsonl') });
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout).toContain(`Imported tenant ${acme.signup.tenant.slug} (${acme.id})`);

    expect((await run(commandsOf(target).exportCmd, [acme.id], { out: file('acme-again.jsonl') })).code).toBe(0);
    const [h1, ...first] = linesOf(file('acme.jsonl'));
    const [h2, ...second] = linesOf(file('acme-again.jsonl'));
    const withoutTime = (h = '') => ({ ...JSON.parse(h), exported_at: null });
    expect(withoutTime(h2)).toEqual(withoutTime(h1));
    expect(second.length).toBe(first.length);
    second.forEach((line, i) => expect([i, line]).toEqual([i, first[i]]));
  });

  it('the imported tenant works: its token authenticates, its JWT secret verifies, its password signs in, numbers continue, search finds', async () => {
    const slug = acme.signup.tenant.slug;
    const http = target.http;
    expect((await http.get('/api/tenant').set(acme.admin).expect(200)).body).toMatchObject({ id: acme.id, slug, allowed_origins: ['https://app.acme.example'] });
    const shown = await http.get(`/api/tickets/${ticket.id}`).set(acme.read).expect(200);
    expect(shown.body.comments.map((c: { body: string }) => c.body)).toEqual(['Looking into the zanzibar refund', 'Internal note']);
    const next = await http.post('/api/tickets').set(acme.write).send({ title: 'After the move', description: 'x' }).expect(201);
    expect(next.body.number).toBe(3);
    const found = await http.get('/api/tickets?q=zanzibar').set(acme.read).expect(200);
    expect(found.body.data.map((x: { id: string }) => x.id)).toEqual([ticket.id]);
    // The idempotency key came along: the same request replays the first answer.
    const replay = await http
      .post('/api/tickets')
      .set({ ...acme.write, 'Idempotency-Key': 'export-key-0001' })
      .send({ title: 'Invoice twice', description: 'Charged two times', category_id: shown.body.category.id, requester_email: 'ada@customer.example', tags: ['billing', 'urgent one'] });
    expect(replay.body.id).toBe(ticket.id);

    const jwtLogin = await http.post('/api/jwt/login').set('Host', portalHost(slug)).send({ token: loginJwt(jwtSecret, { email: 'ada@customer.example', jti: 'after-move' }) });
    expect(jwtLogin.status).toBe(200);
    // The consumed token id came along too: it cannot be spent a second time here.
    const replayed = await http.post('/api/jwt/login').set('Host', portalHost(slug)).send({ token: loginJwt(jwtSecret, { email: 'ada@customer.example', jti: 'export-jti-1' }) });
    expect(replayed.status).toBe(401);
    const login = await http.post('/api/auth/login').set('Host', portalHost(slug)).send({ email: `owner@${slug}.example`, password: PASSWORD }).expect(200);
    expect(sessionCookie(login)).not.toBeNull();
  });

  it('refuses a tenant the database already has (exit 3) and writes nothing', async () => {
    const before = await countAll(target);
    const res = await run(commandsOf(target).importCmd, [], { in: file('acme.jsonl') });
    expect(res.code).toBe(EXIT_TENANT_EXISTS);
    expect(res.stderr).toMatch(/^error: Tenant .* already exists in this database/);
    expect(await countAll(target)).toEqual(before);
  });

  describe('a damaged or foreign export', () => {
    let otherLines: string[];
    let before: Record<string, number>;
    const importLines = async (name: string, lines: string[]) => {
      writeFileSync(file(name), `${lines.join('\n')}\n`);
      return run(commandsOf(target).importCmd, [], { in: file(name) });
    };

    beforeAll(async () => {
      expect((await run(commandsOf(source).exportCmd, [other.signup.tenant.slug], { out: file('other.jsonl') })).code).toBe(0);
      otherLines = linesOf(file('other.jsonl'));
      before = await countAll(target);
    });

    it('refuses an export of another migration (exit 4)', async () => {
      const header = { ...JSON.parse(otherLines[0] ?? '{}'), migration: 'Older1700000000000' };
      const res = await importLines('other-old.jsonl', [JSON.stringify(header), ...otherLines.slice(1)]);
      expect(res.code).toBe(EXIT_MIGRATION_MISMATCH);
      expect(res.stderr).toContain('taken at migration Older1700000000000');
      expect(await countAll(target)).toEqual(before);
    });

    it('refuses an incomplete file and rolls back the rows already inserted (exit 1)', async () => {
      const res = await importLines('other-cut.jsonl', otherLines.slice(0, -2));
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('incomplete');
      expect(await countAll(target)).toEqual(before);
    });

    it('refuses a row of another tenant slipped into the file', async () => {
      const foreign = rowsOf(file('acme.jsonl')).find((r) => r.table === 'categories');
      const lines = [...otherLines];
      lines.splice(lines.length - 1, 0, JSON.stringify(foreign));
      const res = await importLines('other-mixed.jsonl', lines);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('is a row of another tenant');
      expect(await countAll(target)).toEqual(before);
    });

    it('imports beside the tenant already there; without its counter row, ticket numbers still continue', async () => {
      // The counter row left out (and the last line's count with it): the import sets the
      // counter from the tickets themselves.
      const lines = otherLines.filter((l) => !l.startsWith('{"table":"ticket_counters"'));
      const last = JSON.parse(lines.pop() ?? '{}');
      const res = await importLines('other-no-counter.jsonl', [...lines, JSON.stringify({ end: { rows: { ...last.end.rows, ticket_counters: 0 } } })]);
      expect(res).toMatchObject({ code: 0, stderr: '' });
      expect((await countAll(target))['tenants']).toBe(2);
      const next = await target.http.post('/api/tickets').set(other.write).send({ title: 'Next', description: 'x' }).expect(201);
      expect(next.body.number).toBe(2);
      const acmeSees = await target.http.get('/api/tickets?limit=100').set(acme.read).expect(200);
      expect(acmeSees.body.data.map((x: { title: string }) => x.title)).not.toContain('Other secret');
    });
  });

  it('an unknown tenant is an error (exit 1) and leaves no file behind', async () => {
    const res = await run(commandsOf(source).exportCmd, ['no-such-tenant'], { out: file('none.jsonl') });
    expect(res).toMatchObject({ code: 1, stderr: 'error: No tenant has the slug or id "no-such-tenant".\n' });
    expect(existsSync(file('none.jsonl'))).toBe(false);
  });
});
