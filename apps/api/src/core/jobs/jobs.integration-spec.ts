import { IdempotencyPurgeJob } from '../../idempotency/idempotency-purge.job';
import { SessionPurgeJob } from '../../sessions/session-purge.job';
import { SessionsService } from '../../sessions/sessions.service';
import { bearer, startTestApp, type TestApp } from '../../testing/test-app';
import { JobsLeader } from './jobs-leader';

describe('background jobs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const keysOf = async (tenantId: string) =>
    (await t.dataSource.query(`SELECT key FROM idempotency_keys WHERE tenant_id = $1 ORDER BY key`, [tenantId])) as Array<{ key: string }>;

  it('purges idempotency keys past their 24 hours and keeps the others', async () => {
    const acme = await t.signup();
    const create = (key: string) =>
      t.http.post('/api/tickets').set(bearer(acme.api_token)).set('Idempotency-Key', key)
        .send({ title: 'T', description: 'D', requester_email: 'r@customer.example' }).expect(201);
    await create('old-key');
    await create('new-key');
    // Keys are stamped by the database's clock: the old one is made a day and an hour old there.
    await t.dataSource.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE tenant_id = $1 AND key = 'old-key'`, [acme.tenant.id]);
    expect((await keysOf(acme.tenant.id)).map((k) => k.key)).toEqual(['new-key', 'old-key']);
    expect(await t.app.get(IdempotencyPurgeJob).run()).toBe(true);
    expect((await keysOf(acme.tenant.id)).map((k) => k.key)).toEqual(['new-key']);
  });

  it('lead on the only instance there is when the database is embedded; on a server, by an advisory lock', async () => {
    const leader = t.app.get(JobsLeader);
    if (t.config.database.kind === 'pglite') {
      expect(leader.isLeader()).toBe(true);
      return;
    }
    // Another instance's leader on the same database and schema waits while this one leads ...
    const deadline = Date.now() + 10_000;
    while (!leader.isLeader() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(leader.isLeader()).toBe(true);
    const second = new JobsLeader(t.config);
    second.onApplicationBootstrap();
    try {
      await new Promise((r) => setTimeout(r, 500));
      expect(second.isLeader()).toBe(false);
      // ... and its jobs stand aside.
      const job = new SessionPurgeJob(t.app.get(SessionsService), second);
      expect(await job.run()).toBe(false);
    } finally {
      await second.onApplicationShutdown();
    }
  });
});
