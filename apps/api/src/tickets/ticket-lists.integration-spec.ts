import { tenantWithTokens, ticketBody, type TenantFixture } from '../testing/fixtures';
import { startTestApp, type TestApp } from '../testing/test-app';

describe('GET /api/tickets: filters, keyset paging, full-text search', () => {
  let t: TestApp;
  let a: TenantFixture;
  let category: { id: string };
  let agent: { id: string };
  const all: Array<{ id: string; number: number }> = [];

  beforeAll(async () => {
    t = await startTestApp();
    a = await tenantWithTokens(t);
    category = (await t.http.post('/api/categories').set(a.admin).send({ name: 'Billing' })).body;
    agent = (await t.http.get('/api/agents').set(a.read)).body[0];
    const seeds = [
      { title: 'Invoice download fails', description: 'The PDF invoice link returns an error', priority: 'high', tags: ['billing'], requester_email: 'jane@customer.example', category_id: 'billing' },
      { title: 'Password reset email missing', description: 'No email arrives after the reset request', priority: 'medium', requester_email: 'bob@customer.example' },
      { title: 'Feature request: dark mode', description: 'Please add a dark theme', priority: 'low', tags: ['feature'] },
      { title: 'Refund for double charge', description: 'I was charged twice for my invoice this month', priority: 'urgent', tags: ['billing', 'vip'], requester_email: 'jane@customer.example', category_id: 'billing' },
      { title: 'Cannot log in', description: 'Login page spins forever', priority: 'high', requester_email: 'carol@customer.example' },
    ];
    for (let i = 0; i < 25; i++) {
      const seed = seeds[i % seeds.length];
      const body = { ...ticketBody(), ...seed, category_id: seed.category_id ? category.id : undefined };
      const ticket = (await t.http.post('/api/tickets').set(a.write).send(body).expect(201)).body;
      all.push({ id: ticket.id, number: ticket.number });
    }
    // Some state to filter on.
    await t.http.patch(`/api/tickets/${all[0].id}`).set(a.write).send({ status: 'resolved', assignee_id: agent.id });
    await t.http.patch(`/api/tickets/${all[1].id}`).set(a.write).send({ status: 'pending', assignee_id: agent.id });
    await t.http.post(`/api/tickets/${all[2].id}/comments`).set(a.write).send({ body: 'Workaround: use the quokka endpoint' });
    // Another tenant's tickets never show.
    const b = await tenantWithTokens(t);
    await t.http.post('/api/tickets').set(b.write).send(ticketBody({ title: 'Invoice of another tenant', tags: ['billing'] })).expect(201);
  });
  afterAll(() => t.close());

  const list = (query: string) => t.http.get(`/api/tickets${query}`).set(a.read);
  const numbers = (res: { body: { data: Array<{ number: number }> } }) => res.body.data.map((x) => x.number);

  it('lists newest first, 20 by default, with a cursor for the rest', async () => {
    const res = await list('').expect(200);
    expect(res.body.data).toHaveLength(20);
    expect(numbers(res)).toEqual([...all].reverse().slice(0, 20).map((x) => x.number));
    expect(res.body.next_cursor).toEqual(expect.any(String));
  });

  it('pages through everything with the cursor: no ticket twice, none missed', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(`?limit=7${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...numbers(res));
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual([...all].reverse().map((x) => x.number));
  });

  it('keeps its place when new tickets arrive between pages', async () => {
    const first = await list('?limit=5').expect(200);
    await t.http.post('/api/tickets').set(a.write).send(ticketBody({ title: 'Arrived meanwhile' })).expect(201);
    const second = await list(`?limit=5&cursor=${first.body.next_cursor}`).expect(200);
    expect(Math.max(...numbers(second))).toBeLessThan(Math.min(...numbers(first)));
  });

  it.each([
    ['?status=resolved', (x: number) => x === 0],
    ['?status=open,pending', (x: number) => x !== 0],
    ['?priority=urgent', (x: number) => x % 5 === 3],
    ['?priority=high,urgent', (x: number) => x % 5 === 0 || x % 5 === 3 || x % 5 === 4],
    ['?tag=billing', (x: number) => x % 5 === 0 || x % 5 === 3],
    ['?tag=VIP', (x: number) => x % 5 === 3],
    ['?requester_email=JANE@customer.example', (x: number) => x % 5 === 0 || x % 5 === 3],
    ['?assignee_id=AGENT', (x: number) => x === 0 || x === 1],
    ['?assignee_id=none', (x: number) => x !== 0 && x !== 1],
    ['?category_id=CATEGORY', (x: number) => x % 5 === 0 || x % 5 === 3],
    ['?tag=billing&priority=urgent&requester_email=jane@customer.example', (x: number) => x % 5 === 3],
    ['?requester_email=nobody@customer.example', () => false],
  ])('filters %s', async (query, keep) => {
    const res = await list(`${query.replace('AGENT', agent.id).replace('CATEGORY', category.id)}&limit=100`).expect(200);
    const expected = all.filter((_, i) => keep(i)).map((x) => x.number).reverse();
    expect(numbers(res).filter((n) => n <= all[all.length - 1].number)).toEqual(expected);
  });

  it('searches titles, descriptions and comments, best match first', async () => {
    const res = await list('?q=invoice').expect(200);
    const titles = res.body.data.map((x: { title: string }) => x.title);
    expect(new Set(titles)).toEqual(new Set(['Invoice download fails', 'Refund for double charge']));
    // A title match ranks above a description-only match.
    expect(titles[0]).toBe('Invoice download fails');
    expect(titles).not.toContain('Invoice of another tenant');

    const comment = await list('?q=quokka').expect(200);
    expect(comment.body.data.map((x: { id: string }) => x.id)).toEqual([all[2].id]);

    // Stemming and web search syntax: "charged" finds "charge"; -word excludes.
    expect((await list('?q=charges').expect(200)).body.data.length).toBe(5);
    expect((await list('?q=invoice -refund').expect(200)).body.data.every((x: { title: string }) => x.title === 'Invoice download fails')).toBe(true);
    expect((await list('?q=%22dark%20theme%22').expect(200)).body.data).toHaveLength(5);
    // Stop words alone match nothing, rather than everything.
    expect((await list('?q=the').expect(200)).body.data).toEqual([]);
  });

  it('pages search results by rank without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`?q=invoice&limit=3${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...res.body.data.map((x: { id: string }) => x.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    const everything = (await list('?q=invoice&limit=100').expect(200)).body.data.map((x: { id: string }) => x.id);
    expect(seen).toEqual(everything);
    expect(new Set(seen).size).toBe(10);
  });

  it.each([
    ['?limit=0', 'limit', 'The limit field must be between 1 and 100.'],
    ['?limit=101', 'limit', 'The limit field must be between 1 and 100.'],
    ['?limit=ten', 'limit', 'The limit field must be an integer.'],
    ['?status=done', 'status', 'The selected status is invalid. Allowed values: open, pending, resolved, closed.'],
    ['?priority=p0', 'priority', 'The selected priority is invalid. Allowed values: low, medium, high, urgent.'],
    ['?category_id=1', 'category_id', 'The category id field must be a valid UUID.'],
    ['?assignee_id=me', 'assignee_id', 'The assignee id field must be a valid UUID or none.'],
    ['?requester_email=nope', 'requester_email', 'The requester email field must be a valid email address.'],
    ['?cursor=garbage', 'cursor', 'The cursor is invalid; use the next_cursor of the previous page.'],
    [`?cursor=${Buffer.from('{"n":-1}').toString('base64url')}`, 'cursor', 'The cursor is invalid; use the next_cursor of the previous page.'],
    [`?q=invoice&cursor=${Buffer.from('{"n":5}').toString('base64url')}`, 'cursor', 'The cursor is invalid; use the next_cursor of the previous page.'],
    [`?q=${'x'.repeat(201)}`, 'q', 'The q field must not be greater than 200 characters.'],
    ['?sort=title', 'sort', 'The sort field is not allowed.'],
  ])('refuses %s with a 422 naming %s', async (query, field, message) => {
    const res = await list(query).expect(422);
    expect(res.body.errors).toEqual({ [field]: [message] });
  });

  it('takes a repeated parameter as a list only where lists make sense', async () => {
    const res = await list('?limit=5&limit=6').expect(422);
    expect(Object.keys(res.body.errors)).toEqual(['limit']);
  });
});
