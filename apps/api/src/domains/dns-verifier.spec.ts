import dns2 from 'dns2';
import { DnsVerifier, matchTxt } from './dns-verifier';

const { Packet } = dns2;

describe('matchTxt', () => {
  it('finds the value among other records, joining a record split into chunks and trimming it', () => {
    expect(matchTxt([['v=spf1 -all'], ['ct-verify=', 'abc ']], 'ct-verify=abc')).toEqual({ outcome: 'verified' });
  });

  it('reports the values found when none is exactly the expected one', () => {
    expect(matchTxt([['ct-verify=abcd'], ['CT-VERIFY=abc']], 'ct-verify=abc')).toEqual({
      outcome: 'mismatch',
      found: ['ct-verify=abcd', 'CT-VERIFY=abc'],
    });
  });

  it('reports no records as missing', () => {
    expect(matchTxt([], 'ct-verify=abc')).toEqual({ outcome: 'missing' });
  });
});

describe('DnsVerifier against a DNS server', () => {
  let server: dns2.DnsServer;
  let port: number;

  beforeAll(async () => {
    server = dns2.createServer({
      udp: true,
      handle: (request, send) => {
        const [question] = request.questions;
        if (question?.name === 'silent.example') return;
        const response = Packet.createResponseFromRequest(request);
        if (question?.name === 'chunked.example') {
          response.answers.push(
            Packet.createResourceFromQuestion(question, { type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 60, data: ['ct-verify=', 'abc'] }),
          );
        } else {
          response.header.rcode = question?.name === 'servfail.example' ? Packet.RCODE.SERVFAIL : Packet.RCODE.NXDOMAIN;
        }
        void send(response);
      },
    });
    port = (await server.listen({ udp: { port: 0, address: '127.0.0.1' } })).udp?.port as number;
  });
  afterAll(() => server.close());

  const verifier = () => new DnsVerifier([`127.0.0.1:${port}`], { timeoutMs: 200, tries: 1 });

  it('verifies a record sent in chunks', async () => {
    await expect(verifier().check('chunked.example', 'ct-verify=abc')).resolves.toEqual({ outcome: 'verified' });
  });

  it('reports a name that does not exist as missing', async () => {
    await expect(verifier().check('nowhere.example', 'ct-verify=abc')).resolves.toEqual({ outcome: 'missing' });
  });

  it('reports a server failure and a silent server as unreachable, with the reason', async () => {
    await expect(verifier().check('servfail.example', 'x')).resolves.toEqual({ outcome: 'unreachable', reason: 'ESERVFAIL' });
    await expect(verifier().check('silent.example', 'x')).resolves.toEqual({ outcome: 'unreachable', reason: 'ETIMEOUT' });
  });
});
