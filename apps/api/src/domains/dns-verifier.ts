import { Resolver } from 'node:dns/promises';

/** What the DNS said about a domain's verification record. */
export type TxtCheck =
  | { readonly outcome: 'verified' }
  | { readonly outcome: 'missing' }
  | { readonly outcome: 'mismatch'; readonly found: readonly string[] }
  | { readonly outcome: 'unreachable'; readonly reason: string };

export interface DnsVerifierOptions {
  /** Milliseconds a server gets on the first try; c-ares allows a retry up to twice that. */
  readonly timeoutMs: number;
  readonly tries: number;
}

/** At most about 5 s per server when it never answers (measured): an admin is waiting on the answer. */
const DEFAULT_OPTIONS: DnsVerifierOptions = { timeoutMs: 1_500, tries: 2 };

/** The name has no records at all (NXDOMAIN), or none of type TXT. */
const ABSENT = new Set(['ENOTFOUND', 'ENODATA']);

/**
 * Looks up verification TXT records through the configured resolvers (`DNS_SERVERS`), or the
 * system's when none are set. Only the outcome leaves here: the caller decides what it means.
 */
export class DnsVerifier {
  private readonly resolver: Resolver;

  constructor(servers: readonly string[] | undefined, options: DnsVerifierOptions = DEFAULT_OPTIONS) {
    this.resolver = new Resolver({ timeout: options.timeoutMs, tries: options.tries });
    if (servers?.length) this.resolver.setServers(servers);
  }

  async check(name: string, expected: string): Promise<TxtCheck> {
    let records: string[][];
    try {
      records = await this.resolver.resolveTxt(name);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
      return ABSENT.has(code) ? { outcome: 'missing' } : { outcome: 'unreachable', reason: code };
    }
    return matchTxt(records, expected);
  }
}

/**
 * Whether one of the records is exactly `expected`. A TXT record longer than 255 octets comes
 * in chunks, which together are its value; providers' web forms often add stray spaces.
 */
export function matchTxt(records: readonly (readonly string[])[], expected: string): TxtCheck {
  const values = records.map((chunks) => chunks.join('').trim());
  if (values.includes(expected)) return { outcome: 'verified' };
  return values.length === 0 ? { outcome: 'missing' } : { outcome: 'mismatch', found: values };
}
