import { randomUUID } from 'node:crypto';
import { tenantWithTokens, ticketBody, type TenantFixture } from '../testing/fixtures';
import { startTestApp, type TestApp } from '../testing/test-app';

describe('tickets', () => {
  let t: TestApp;
  let a: TenantFixture;
  beforeAll(async () => {
    t = await startTestApp();
    a = await tenantWithTokens(t);
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown> = {}, headers = a.write) =>
    t.http.post('/api/tickets').set(headers).send(ticketBody(body));

  describe('POST /api/tickets', () => {
    it('creates the guide\'s example ticket as written', async () => {
      // The integration guide's "Create a ticket" body, verbatim.
      const res = await t.http
        .post('/api/tickets')
        .set({ Authorization: a.write['Authorization'], 'Content-Type': 'application/json' })
        .send(JSON.stringify({ title: 'Support Request', description: 'I need help with...', priority: 'medium' }))
        .expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        number: expect.any(Number),
        title: 'Support Request',
        description: 'I need help with...',
        status: 'open',
        priority: 'medium',
        category: null,
        requester: null,
        assignee: null,
        tags: [],
        source: 'api',
        comment_count: 0,
        created_at: expect.any(String),
        updated_at: res.body.created_at,
        first_response_at: null,
        resolved_at: null,
        closed_at: null,
      });
    });

    it('numbers tickets 1, 2, 3… per tenant', async () => {
      const b = await tenantWithTokens(t);
      const numbers = [];
      for (let i = 0; i < 3; i++) numbers.push((await create({}, b.write).expect(201)).body.number);
      expect(numbers).toEqual([1, 2, 3]);
      const c = await tenantWithTokens(t);
      expect((await create({}, c.write).expect(201)).body.number).toBe(1);
    });

    it('never gives two concurrent tickets the same number', async () => {
      const b = await tenantWithTokens(t);
      const results = await Promise.all(Array.from({ length: 20 }, () => create({}, b.write)));
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
      const numbers = results.map((r) => r.body.number).sort((x, y) => x - y);
      expect(new Set(numbers).size).toBe(20);
    });

    it('creates the requester from requester_email, and reuses them whatever the case', async () => {
      const first = await create({ requester_email: 'Jane@Customer.example', requester_name: ' Jane Doe ' }).expect(201);
      expect(first.body.requester).toEqual({ id: expect.any(String), email: 'jane@customer.example', name: 'Jane Doe' });
      const again = await create({ requester_email: 'JANE@customer.EXAMPLE', requester_name: 'Someone Else' }).expect(201);
      expect(again.body.requester).toEqual(first.body.requester);
      const nameless = await create({ requester_email: 'bob.smith@customer.example' }).expect(201);
      expect(nameless.body.requester.name).toBe('bob.smith');
    });

    it('creates one requester when two tickets bring the same new address at once', async () => {
      const email = `race-${randomUUID()}@customer.example`;
      const results = await Promise.all([1, 2, 3].map(() => create({ requester_email: email })));
      expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
      expect(new Set(results.map((r) => r.body.requester.id)).size).toBe(1);
    });

    it('normalises tags and takes a category of the tenant', async () => {
      const category = await t.http.post('/api/categories').set(a.admin).send({ name: `Billing ${randomUUID()}` }).expect(201);
      const res = await create({ tags: [' VIP', 'billing', 'vip'], category_id: category.body.id, priority: 'urgent' }).expect(201);
      expect(res.body).toMatchObject({
        tags: ['vip', 'billing'],
        category: { id: category.body.id, name: category.body.name },
        priority: 'urgent',
      });
    });

    it('refuses a category that is not the tenant\'s (422), exactly like one that does not exist', async () => {
      const b = await tenantWithTokens(t);
      const foreign = await t.http.post('/api/categories').set(b.admin).send({ name: 'Theirs' }).expect(201);
      for (const id of [foreign.body.id, randomUUID()]) {
        const res = await create({ category_id: id }).expect(422);
        expect(res.body.errors).toEqual({ category_id: ['The selected category id is invalid.'] });
      }
    });

    it.each([
      ['title', undefined, 'The title field is required.'],
      ['title', '   ', 'The title field is required.'],
      ['title', 'x'.repeat(201), 'The title field must not be greater than 200 characters.'],
      ['title', 5, 'The title field must be a string.'],
      ['description', undefined, 'The description field is required.'],
      ['description', 'x'.repeat(50_001), 'The description field must not be greater than 50000 characters.'],
      ['priority', 'critical', 'The selected priority is invalid. Allowed values: low, medium, high, urgent.'],
      ['priority', null, 'The selected priority is invalid. Allowed values: low, medium, high, urgent.'],
      ['category_id', 'billing', 'The category id field must be a valid UUID.'],
      ['requester_email', 'not-an-email', 'The requester email field must be a valid email address.'],
      ['requester_email', null, 'The requester email field must be a string.'],
      ['requester_name', '', 'The requester name field is required.'],
      ['requester_name', 'n'.repeat(256), 'The requester name field must not be greater than 255 characters.'],
      ['tags', 'vip', 'The tags field must be an array.'],
      ['tags', [''], 'Each tag must be a text of 1 to 50 characters.'],
      ['tags', ['x'.repeat(51)], 'Each tag must be a text of 1 to 50 characters.'],
      ['tags', [7], 'Each tag must be a text of 1 to 50 characters.'],
      ['tags', Array.from({ length: 21 }, (_, i) => `t${i}`), 'The tags field must not have more than 20 items.'],
      ['status', 'closed', 'The status field is not allowed.'],
      ['number', 7, 'The number field is not allowed.'],
    ])('refuses %s = %j with a 422 and stores nothing', async (field, value, message) => {
      const before = await t.dataSource.query('SELECT count(*)::int AS n FROM tickets WHERE tenant_id = $1', [a.id]);
      const body = ticketBody({ [field]: value });
      if (value === undefined) delete body[field];
      const res = await t.http.post('/api/tickets').set(a.write).send(body).expect(422);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: { [field]: [message] } });
      expect(await t.dataSource.query('SELECT count(*)::int AS n FROM tickets WHERE tenant_id = $1', [a.id])).toEqual(before);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a retry with the first result and creates nothing more', async () => {
      const key = randomUUID();
      const body = ticketBody({ title: `Idempotent ${key}` });
      const first = await t.http.post('/api/tickets').set({ ...a.write, 'Idempotency-Key': key }).send(body).expect(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      // Same body, other key order: the same request.
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const retry = await t.http.post('/api/tickets').set({ ...a.write, 'Idempotency-Key': key }).send(reordered).expect(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM tickets WHERE tenant_id = $1 AND title = $2', [
        a.id,
        body['title'],
      ]);
      expect(n).toBe(1);
    });

    it('answers the same key with another body with a 409', async () => {
      const key = randomUUID();
      await t.http.post('/api/tickets').set({ ...a.write, 'Idempotency-Key': key }).send(ticketBody({ title: 'One' })).expect(201);
      const res = await t.http.post('/api/tickets').set({ ...a.write, 'Idempotency-Key': key }).send(ticketBody({ title: 'Two' })).expect(409);
      expect(res.body).toMatchObject({ code: 'CONFLICT', message: 'This Idempotency-Key was already used for a different request.' });
    });

    it('creates one ticket when the same key arrives several times at once', async () => {
      const key = randomUUID();
      const body = ticketBody({ title: `Concurrent ${key}` });
      const results = await Promise.all([1, 2, 3, 4].map(() => t.http.post('/api/tickets').set({ ...a.write, 'Idempotency-Key': key }).send(body)));
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    });

    it('keeps keys per tenant', async () => {
      const b = await tenantWithTokens(t);
      const key = randomUUID();
      const mine = await t.http.post('/api/tickets').set({ ...a.write, 'Idempotency-Key': key }).send(ticketBody()).expect(201);
      const theirs = await t.http.post('/api/tickets').set({ ...b.write, 'Idempotency-Key': key }).send(ticketBody()).expect(201);
      expect(theirs.body.id).not.toBe(mine.body.id);
      expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    });

    it('does not keep a key whose request failed', async () => {
      const key = randomUUID();
      await t.http.post('/api/tickets').set({ ...a.write, 'Idempotency-Key': key }).send(ticketBody({ category_id: randomUUID() })).expect(422);
      await t.http.post('/api/tickets').set({ ...a.write, 'Idempotency-Key': key }).send(ticketBody()).expect(201);
    });

    it('refuses a malformed key with a 422 naming the header', async () => {
      for (const key of ['', 'has space', 'x'.repeat(256), 'ü']) {
        const res = await t.http.post('/api/tickets').set({ ...a.write, 'Idempotency-Key': key }).send(ticketBody());
        if (key === '') {
          // An empty header is no header at all for HTTP clients.
          expect([201, 422]).toContain(res.status);
        } else {
          expect([key, res.status, Object.keys(res.body.errors ?? {})]).toEqual([key, 422, ['Idempotency-Key']]);
        }
      }
    });
  });

  describe('GET /api/tickets/{id}', () => {
    it('finds a ticket by id or by number, with its comments oldest first', async () => {
      const ticket = (await create().expect(201)).body;
      for (const body of ['first', 'second', 'third']) {
        await t.http.post(`/api/tickets/${ticket.id}/comments`).set(a.write).send({ body }).expect(201);
      }
      const byId = await t.http.get(`/api/tickets/${ticket.id}`).set(a.read).expect(200);
      const byNumber = await t.http.get(`/api/tickets/${ticket.number}`).set(a.read).expect(200);
      expect(byNumber.body).toEqual(byId.body);
      expect(byId.body.comments.map((c: { body: string }) => c.body)).toEqual(['first', 'second', 'third']);
      expect(byId.body.comment_count).toBe(3);
    });

    it('answers 404 for a missing ticket or a path that names none', async () => {
      for (const id of [randomUUID(), '999999', '0', '-1', 'abc', '1.5', '9'.repeat(20)]) {
        const res = await t.http.get(`/api/tickets/${id}`).set(a.read);
        expect([id, res.status, res.body.code]).toEqual([id, 404, 'NOT_FOUND']);
      }
    });
  });

  describe('PUT and PATCH /api/tickets/{id}', () => {
    it('changes only the fields sent, stamps status times, and records each change', async () => {
      const ticket = (await create({ tags: ['one'] }).expect(201)).body;
      const agents = await t.http.get('/api/agents').set(a.read).expect(200);
      const agent = agents.body[0];
      expect(agent).toMatchObject({ role: 'admin', email: `owner@${a.signup.tenant.slug}.example`, name: 'Owner' });

      const patched = await t.http
        .patch(`/api/tickets/${ticket.id}`)
        .set(a.write)
        .send({ status: 'pending', assignee_id: agent.id, tags: ['Two'] })
        .expect(200);
      expect(patched.body).toMatchObject({
        title: ticket.title,
        status: 'pending',
        assignee: { id: agent.id, email: agent.email, name: agent.name },
        tags: ['two'],
      });
      const resolved = await t.http.put(`/api/tickets/${ticket.number}`).set(a.write).send({ status: 'resolved' }).expect(200);
      expect(resolved.body.resolved_at).not.toBeNull();
      const closed = await t.http.put(`/api/tickets/${ticket.id}`).set(a.write).send({ status: 'closed' }).expect(200);
      expect(closed.body).toMatchObject({ resolved_at: resolved.body.resolved_at, closed_at: expect.any(String) });
      const reopened = await t.http.patch(`/api/tickets/${ticket.id}`).set(a.write).send({ status: 'open', assignee_id: null }).expect(200);
      expect(reopened.body).toMatchObject({ status: 'open', resolved_at: null, closed_at: null, assignee: null });

      const history = await t.http.get(`/api/tickets/${ticket.id}/history`).set(a.read).expect(200);
      expect(history.body.map((e: { action: string; changes: object }) => [e.action, e.changes])).toEqual([
        ['created', {}],
        [
          'updated',
          {
            status: { from: 'open', to: 'pending' },
            assignee_id: { from: null, to: agent.id },
            tags: { from: ['one'], to: ['two'] },
          },
        ],
        ['updated', { status: { from: 'pending', to: 'resolved' } }],
        ['updated', { status: { from: 'resolved', to: 'closed' } }],
        ['updated', { status: { from: 'closed', to: 'open' }, assignee_id: { from: agent.id, to: null } }],
      ]);
      expect(history.body[1].actor).toEqual({ type: 'api_token', id: expect.any(String), name: 'tickets:write' });
    });

    it('records nothing for a change that changes nothing', async () => {
      const ticket = (await create().expect(201)).body;
      const res = await t.http.patch(`/api/tickets/${ticket.id}`).set(a.write).send({ title: ticket.title, priority: 'medium' }).expect(200);
      expect(res.body.updated_at).toBe(ticket.updated_at);
      const history = await t.http.get(`/api/tickets/${ticket.id}/history`).set(a.read).expect(200);
      expect(history.body).toHaveLength(1);
    });

    it('clears the category with null, and refuses a category or assignee that is not the tenant\'s', async () => {
      const b = await tenantWithTokens(t);
      const theirCategory = (await t.http.post('/api/categories').set(b.admin).send({ name: 'Theirs' })).body;
      const theirAgent = (await t.http.get('/api/agents').set(b.read)).body[0];
      const requester = (await create({ requester_email: `req-${randomUUID()}@customer.example` })).body.requester;
      const mine = (await t.http.post('/api/categories').set(a.admin).send({ name: `Mine ${randomUUID()}` })).body;
      const ticket = (await create({ category_id: mine.id }).expect(201)).body;

      let res = await t.http.patch(`/api/tickets/${ticket.id}`).set(a.write).send({ category_id: theirCategory.id }).expect(422);
      expect(res.body.errors).toEqual({ category_id: ['The selected category id is invalid.'] });
      res = await t.http.patch(`/api/tickets/${ticket.id}`).set(a.write).send({ assignee_id: theirAgent.id }).expect(422);
      expect(res.body.errors).toEqual({ assignee_id: ['The selected assignee id is not an agent of this tenant.'] });
      res = await t.http.patch(`/api/tickets/${ticket.id}`).set(a.write).send({ assignee_id: requester.id }).expect(422);
      expect(res.body.errors).toEqual({ assignee_id: ['The selected assignee id is not an agent of this tenant.'] });

      const cleared = await t.http.patch(`/api/tickets/${ticket.id}`).set(a.write).send({ category_id: null }).expect(200);
      expect(cleared.body.category).toBeNull();
    });

    it.each([
      ['title', '', 'The title field is required.'],
      ['title', null, 'The title field is required.'],
      ['description', null, 'The description field is required.'],
      ['status', 'done', 'The selected status is invalid. Allowed values: open, pending, resolved, closed.'],
      ['status', null, 'The selected status is invalid. Allowed values: open, pending, resolved, closed.'],
      ['priority', 'p1', 'The selected priority is invalid. Allowed values: low, medium, high, urgent.'],
      ['assignee_id', 'someone', 'The assignee id field must be a valid UUID.'],
      ['category_id', 12, 'The category id field must be a valid UUID.'],
      ['tags', null, 'The tags field must be an array.'],
      ['requester_email', 'x@y.example', 'The requester email field is not allowed.'],
    ])('refuses %s = %j with a 422 and changes nothing', async (field, value, message) => {
      const ticket = (await create().expect(201)).body;
      const res = await t.http.put(`/api/tickets/${ticket.id}`).set(a.write).send({ priority: 'low', [field]: value }).expect(422);
      expect(res.body.errors).toEqual({ [field]: [message] });
      const after = await t.http.get(`/api/tickets/${ticket.id}`).set(a.read).expect(200);
      expect(after.body).toMatchObject({ priority: 'medium', updated_at: ticket.updated_at });
    });

    it('answers 404 for a missing ticket', async () => {
      await t.http.patch(`/api/tickets/${randomUUID()}`).set(a.write).send({ status: 'closed' }).expect(404);
    });
  });

  describe('comments', () => {
    it('adds public replies and internal notes, by the integration or in a user\'s name', async () => {
      const ticket = (await create({ requester_email: `c-${randomUUID()}@customer.example` }).expect(201)).body;
      const agent = (await t.http.get('/api/agents').set(a.read)).body[0];

      const note = await t.http.post(`/api/tickets/${ticket.id}/comments`).set(a.write).send({ body: 'Internal: check billing', internal: true }).expect(201);
      expect(note.body).toEqual({
        id: expect.any(String),
        body: 'Internal: check billing',
        internal: true,
        author: { type: 'api_token', id: expect.any(String), name: 'tickets:write', email: null },
        created_at: expect.any(String),
      });
      let now = (await t.http.get(`/api/tickets/${ticket.id}`).set(a.read)).body;
      expect(now.first_response_at).toBeNull();

      const fromRequester = await t.http
        .post(`/api/tickets/${ticket.id}/comments`)
        .set(a.write)
        .send({ body: 'Any news?', author_email: ticket.requester.email.toUpperCase() })
        .expect(201);
      expect(fromRequester.body.author).toEqual({ type: 'user', id: ticket.requester.id, name: ticket.requester.name, email: ticket.requester.email });
      now = (await t.http.get(`/api/tickets/${ticket.id}`).set(a.read)).body;
      expect(now.first_response_at).toBeNull();

      const before = Date.now();
      await t.http.post(`/api/tickets/${ticket.id}/comments`).set(a.write).send({ body: 'Fixed.', author_email: agent.email }).expect(201);
      const after = Date.now();
      now = (await t.http.get(`/api/tickets/${ticket.id}`).set(a.read)).body;
      // Stamped by the application's clock while the reply was being written (like resolved_at).
      expect(Date.parse(now.first_response_at)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(now.first_response_at)).toBeLessThanOrEqual(after);
      expect(now.comment_count).toBe(3);
      expect(now.comments.map((c: { internal: boolean }) => c.internal)).toEqual([true, false, false]);
    });

    it('refuses an internal note from the requester, and an author who is not a user', async () => {
      const ticket = (await create({ requester_email: `n-${randomUUID()}@customer.example` }).expect(201)).body;
      let res = await t.http
        .post(`/api/tickets/${ticket.id}/comments`)
        .set(a.write)
        .send({ body: 'x', internal: true, author_email: ticket.requester.email })
        .expect(422);
      expect(res.body.errors).toEqual({ internal: ['A requester cannot write internal notes.'] });
      res = await t.http.post(`/api/tickets/${ticket.id}/comments`).set(a.write).send({ body: 'x', author_email: 'nobody@else.example' }).expect(422);
      expect(res.body.errors).toEqual({ author_email: ['The selected author email is not a user of this tenant.'] });
    });

    it.each([
      ['body', undefined, 'The body field is required.'],
      ['body', '  ', 'The body field is required.'],
      ['body', 'x'.repeat(50_001), 'The body field must not be greater than 50000 characters.'],
      ['internal', 'yes', 'The internal field must be true or false.'],
      ['author_email', 'bad', 'The author email field must be a valid email address.'],
    ])('refuses %s = %j with a 422', async (field, value, message) => {
      const ticket = (await create().expect(201)).body;
      const body: Record<string, unknown> = { body: 'hello', [field]: value };
      if (value === undefined) delete body[field];
      const res = await t.http.post(`/api/tickets/${ticket.id}/comments`).set(a.write).send(body).expect(422);
      expect(res.body.errors).toEqual({ [field]: [message] });
      expect((await t.http.get(`/api/tickets/${ticket.id}`).set(a.read)).body.comment_count).toBe(0);
    });

    it('makes a retried comment idempotent, and 404s on a missing ticket', async () => {
      const ticket = (await create().expect(201)).body;
      const key = randomUUID();
      const first = await t.http.post(`/api/tickets/${ticket.id}/comments`).set({ ...a.write, 'Idempotency-Key': key }).send({ body: 'once' }).expect(201);
      const again = await t.http.post(`/api/tickets/${ticket.id}/comments`).set({ ...a.write, 'Idempotency-Key': key }).send({ body: 'once' }).expect(201);
      expect(again.body).toEqual(first.body);
      expect((await t.http.get(`/api/tickets/${ticket.id}`).set(a.read)).body.comment_count).toBe(1);
      await t.http.post(`/api/tickets/${randomUUID()}/comments`).set(a.write).send({ body: 'x' }).expect(404);
    });
  });

  describe('DELETE /api/tickets/{id}', () => {
    it('removes the ticket with its comments and history from every read', async () => {
      const word = `zyx${randomUUID().slice(0, 8)}`;
      const ticket = (await create({ title: `Delete me ${word}` }).expect(201)).body;
      await t.http.post(`/api/tickets/${ticket.id}/comments`).set(a.write).send({ body: 'bye' }).expect(201);
      expect((await t.http.get(`/api/tickets?q=${word}`).set(a.read)).body.data).toHaveLength(1);

      await t.http.delete(`/api/tickets/${ticket.number}`).set(a.write).expect(204);
      await t.http.get(`/api/tickets/${ticket.id}`).set(a.read).expect(404);
      await t.http.get(`/api/tickets/${ticket.id}/history`).set(a.read).expect(404);
      await t.http.delete(`/api/tickets/${ticket.id}`).set(a.write).expect(404);
      expect((await t.http.get(`/api/tickets?q=${word}`).set(a.read)).body.data).toEqual([]);
      const list = await t.http.get('/api/tickets?limit=100').set(a.read);
      expect(list.body.data.map((x: { id: string }) => x.id)).not.toContain(ticket.id);
      const [{ n }] = await t.dataSource.query(
        `SELECT (SELECT count(*) FROM ticket_comments WHERE ticket_id = $1) + (SELECT count(*) FROM ticket_events WHERE ticket_id = $1) AS n`,
        [ticket.id],
      );
      expect(Number(n)).toBe(0);
    });
  });
});
