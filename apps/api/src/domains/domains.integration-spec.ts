import type { DomainDto, SignupResponseDto } from '@central-tickets/contracts';
import dns2 from 'dns2';
import { bearer, startTestApp, TestApp } from '../testing/test-app';

const { Packet } = dns2;

/** TXT records by name, each a list of chunks; a name that is absent answers NXDOMAIN. */
type Zone = Map<string, string[][] | 'servfail'>;

/** A DNS server on 127.0.0.1 that answers from `zone`, which the tests change as they go. */
async function startDnsServer(zone: Zone): Promise<{ server: dns2.DnsServer; port: number }> {
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const records = question ? zone.get(question.name.toLowerCase()) : undefined;
      if (!question || records === undefined) response.header.rcode = Packet.RCODE.NXDOMAIN;
      else if (records === 'servfail') response.header.rcode = Packet.RCODE.SERVFAIL;
      else if (question.type === Packet.TYPE.TXT) {
        for (const data of records) {
          response.answers.push(Packet.createResourceFromQuestion(question, { type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 60, data }));
        }
      }
      void send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  return { server, port: addresses.udp?.port as number };
}

describe('/api/tenant/domains', () => {
  let t: TestApp;
  let dns: dns2.DnsServer;
  let tenant: SignupResponseDto;
  const zone: Zone = new Map();
  const admin = () => bearer(tenant.api_token);
  beforeAll(async () => {
    const started = await startDnsServer(zone);
    dns = started.server;
    t = await startTestApp({ DNS_SERVERS: `127.0.0.1:${started.port}` });
    tenant = await t.signup();
  });
  afterAll(async () => {
    await t.close();
    await dns.close();
  });

  it('adds a domain with the TXT record to create, unverified', async () => {
    const res = await t.http.post('/api/tenant/domains').set(admin()).send({ hostname: ' Help.Acme.Example ' }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      hostname: 'help.acme.example',
      verified: false,
      verified_at: null,
      last_checked_at: null,
      txt_record: {
        name: '_central-tickets.help.acme.example',
        type: 'TXT',
        value: expect.stringMatching(/^ct-verify=[0-9a-f]{32}$/),
      },
      created_at: expect.any(String),
    });
    const list = await t.http.get('/api/tenant/domains').set(admin()).expect(200);
    expect(list.body).toEqual([res.body]);
    const info = await t.http.get('/api/tenant').set(admin()).expect(200);
    expect(info.body.domains).toEqual([{ hostname: 'help.acme.example', verified: false }]);
  });

  it('refuses the same domain twice (409) and platform host names (422)', async () => {
    await t.http.post('/api/tenant/domains').set(admin()).send({ hostname: 'twice.acme.example' }).expect(201);
    const dup = await t.http.post('/api/tenant/domains').set(admin()).send({ hostname: 'twice.acme.example' }).expect(409);
    expect(dup.body.code).toBe('CONFLICT');
    for (const hostname of ['localhost', 'other.localhost', `${tenant.tenant.slug}.localhost`]) {
      const res = await t.http.post('/api/tenant/domains').set(admin()).send({ hostname }).expect(422);
      expect(Object.keys(res.body.errors)).toEqual(['hostname']);
    }
  });

  it('refuses a host name another tenant has verified', async () => {
    const other = await t.signup();
    await t.http.post('/api/tenant/domains').set(bearer(other.api_token)).send({ hostname: 'taken.example.org' }).expect(201);
    await t.dataSource.query(`UPDATE domains SET verified_at = now() WHERE hostname = 'taken.example.org'`);
    const res = await t.http.post('/api/tenant/domains').set(admin()).send({ hostname: 'taken.example.org' }).expect(409);
    expect(res.body.message).toBe('This domain is already in use.');
  });

  it.each([
    ['https://help.acme.example'],
    ['help.acme.example/path'],
    ['help.acme.example:8443'],
    ['nodot'],
    ['-bad.example.com'],
    ['a..b.com'],
    [''],
  ])('refuses hostname %j with a 422', async (hostname) => {
    const res = await t.http.post('/api/tenant/domains').set(admin()).send({ hostname }).expect(422);
    expect(Object.keys(res.body.errors)).toEqual(['hostname']);
  });

  it('removes a domain', async () => {
    const res = await t.http.post('/api/tenant/domains').set(admin()).send({ hostname: 'gone.acme.example' }).expect(201);
    await t.http.delete(`/api/tenant/domains/${res.body.id}`).set(admin()).expect(204);
    await t.http.delete(`/api/tenant/domains/${res.body.id}`).set(admin()).expect(404);
    const list = await t.http.get('/api/tenant/domains').set(admin()).expect(200);
    expect(list.body.map((d: { hostname: string }) => d.hostname)).not.toContain('gone.acme.example');
  });

  describe('POST /api/tenant/domains/:id/verify', () => {
    const add = async (hostname: string, token = tenant.api_token): Promise<DomainDto> =>
      (await t.http.post('/api/tenant/domains').set(bearer(token)).send({ hostname }).expect(201)).body;
    const verify = (domain: Pick<DomainDto, 'id'>, token = tenant.api_token) =>
      t.http.post(`/api/tenant/domains/${domain.id}/verify`).set(bearer(token));
    const stored = async (domain: DomainDto, token = tenant.api_token): Promise<DomainDto | undefined> =>
      (await t.http.get('/api/tenant/domains').set(bearer(token)).expect(200)).body.find((d: DomainDto) => d.id === domain.id);
    const publish = (domain: DomainDto, ...values: string[][]) => zone.set(domain.txt_record.name, values);
    afterEach(() => t.clock.reset());

    it('verifies a domain whose TXT record holds the token, and the host then serves the portal', async () => {
      const domain = await add('verified.acme.example');
      const before = await t.http.get('/api/me').set('Host', 'verified.acme.example').expect(404);
      expect(before.body.code).toBe('TENANT_NOT_FOUND');
      // Another record at the same name, and the value split into chunks with a stray space, as some providers publish it.
      publish(domain, ['v=spf1 -all'], [' ct-verify=', domain.txt_record.value.slice('ct-verify='.length)]);
      const day = 24 * 3600_000;
      t.clock.advance(10 * day);

      const res = await verify(domain).expect(200);
      expect(res.body).toEqual({ ...domain, verified: true, verified_at: expect.any(String), last_checked_at: res.body.verified_at });
      expect(Date.parse(res.body.verified_at) - Date.now()).toBeGreaterThan(9 * day);
      expect(await stored(domain)).toEqual(res.body);
      const info = await t.http.get('/api/tenant').set(admin()).expect(200);
      expect(info.body.domains).toContainEqual({ hostname: 'verified.acme.example', verified: true });

      const me = await t.http.get('/api/me').set('Host', 'verified.acme.example').expect(401);
      expect(me.body.code).toBe('UNAUTHENTICATED');

      const log = await t.http.get('/api/tenant/security-events?kind=domain_verified').set(admin()).expect(200);
      expect(log.body.data).toEqual([
        expect.objectContaining({
          kind: 'domain_verified',
          details: expect.stringContaining('verified.acme.example'),
          correlation_id: res.headers['x-correlation-id'],
        }),
      ]);

      // Verifying again answers the domain as it is, without looking DNS up: the record may be gone by now.
      zone.delete(domain.txt_record.name);
      t.clock.advance(day);
      expect((await verify(domain).expect(200)).body).toEqual(res.body);
    });

    it('answers the TLS proxy\'s question (GET /internal/tls/ask): yes only for verified domains and existing portals', async () => {
      const ask = (domain: string) => t.http.get(`/internal/tls/ask?domain=${encodeURIComponent(domain)}`);
      const domain = await add('tls.acme.example');
      expect((await ask('tls.acme.example').expect(404)).body.code).toBe('NOT_FOUND'); // not verified yet
      publish(domain, [domain.txt_record.value]);
      await verify(domain).expect(200);
      expect((await ask('TLS.acme.example.').expect(200)).body).toEqual({ domain: 'tls.acme.example' });
      await ask(`${tenant.tenant.slug}.localhost`).expect(200);
      for (const name of ['no-such-tenant.localhost', 'evil.example', 'localhost', 'a.b.localhost']) await ask(name).expect(404);
      for (const name of ['', '127.0.0.1:443', 'x'.repeat(300), 'bad_name.example']) {
        expect((await ask(name).expect(422)).body.errors).toHaveProperty('domain');
      }
      await t.http.get('/internal/tls/ask').expect(422);
      // A removed domain gets no new certificate.
      await t.http.delete(`/api/tenant/domains/${domain.id}`).set(admin()).expect(204);
      await ask('tls.acme.example').expect(404);
    });

    it('refuses a record with another value (422), saying what it found and what it expects', async () => {
      const domain = await add('wrong.acme.example');
      publish(domain, ['ct-verify=0000']);
      const res = await verify(domain).expect(422);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: { hostname: [expect.any(String)] } });
      const [message] = res.body.errors.hostname;
      expect(message).toContain('"ct-verify=0000"');
      expect(message).toContain(`exactly "${domain.txt_record.value}"`);
      expect(message).toContain(domain.txt_record.name);
      const after = await stored(domain);
      expect(after).toMatchObject({ verified: false, verified_at: null, last_checked_at: expect.any(String) });
    });

    it('quotes only the first few values found, each cut short and printable', async () => {
      const domain = await add('many.acme.example');
      publish(domain, ['a'.repeat(200)], ['b\u0007'], ['c'], ['d'], ['e']);
      const [message] = (await verify(domain).expect(422)).body.errors.hostname;
      expect(message).toContain(`"${'a'.repeat(60)}…"`);
      expect(message).not.toContain('a'.repeat(61));
      expect(message).toContain('"b?", "c" and 2 more');
      expect(message).not.toContain('"d"');
    });

    it.each([
      ['a name that does not exist', 'nxdomain.acme.example', (d: DomainDto) => zone.delete(d.txt_record.name)],
      ['a name without TXT records', 'nodata.acme.example', (d: DomainDto) => zone.set(d.txt_record.name, [])],
    ])('refuses %s (422) and stamps the check', async (_, hostname, setUp) => {
      const domain = await add(hostname);
      setUp(domain);
      t.clock.advance(3600_000);
      const res = await verify(domain).expect(422);
      expect(res.body.errors).toEqual({ hostname: [expect.stringContaining(`No TXT record was found at ${domain.txt_record.name}.`)] });
      expect(res.body.errors.hostname[0]).toContain(domain.txt_record.value);
      const after = await stored(domain);
      expect(after?.verified).toBe(false);
      expect(Date.parse(after?.last_checked_at ?? '') - Date.now()).toBeGreaterThan(3000_000);
    });

    it('answers 503 when the DNS lookup fails', async () => {
      const domain = await add('servfail.acme.example');
      zone.set(domain.txt_record.name, 'servfail');
      const res = await verify(domain).expect(503);
      expect(res.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: expect.stringContaining(domain.txt_record.name) });
      expect(await stored(domain)).toMatchObject({ verified: false, last_checked_at: expect.any(String) });
    });

    it("answers 404 for another tenant's domain and an unknown id, and leaves the domain alone", async () => {
      const other = await t.signup();
      const theirs = await add('theirs.example.net', other.api_token);
      publish(theirs, [theirs.txt_record.value]);
      expect((await verify(theirs).expect(404)).body.code).toBe('NOT_FOUND');
      await verify({ id: '3f1c2b9a-0d4e-4a6b-8c7d-9e0f1a2b3c4d' }).expect(404);
      await verify({ id: 'not-a-uuid' }).expect(404);
      expect(await stored(theirs, other.api_token)).toEqual(theirs);
    });

    it('lets only the first tenant verify a host name (409 for the next one)', async () => {
      const other = await t.signup();
      const mine = await add('shared.example.net');
      const theirs = await add('shared.example.net', other.api_token);
      publish(mine, [mine.txt_record.value], [theirs.txt_record.value]);
      await verify(mine).expect(200);
      const res = await verify(theirs, other.api_token).expect(409);
      expect(res.body).toMatchObject({ code: 'CONFLICT', message: 'This domain is already in use.' });
      expect(await stored(theirs, other.api_token)).toMatchObject({ verified: false, verified_at: null });
      const me = await t.http.get('/api/me').set('Host', 'shared.example.net').expect(401);
      expect(me.body.code).toBe('UNAUTHENTICATED');
    });

    it('needs the admin scope', async () => {
      const domain = await add('scoped.acme.example');
      const reader = (
        await t.http.post('/api/tenant/api-tokens').set(admin()).send({ name: 'reader', scopes: ['tickets:read'] }).expect(201)
      ).body.token as string;
      expect((await verify(domain, reader).expect(403)).body.code).toBe('FORBIDDEN');
    });
  });
});
