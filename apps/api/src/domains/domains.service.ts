import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { type DomainDto, ErrorCode } from '@central-tickets/contracts';
import { Clock } from '../core/clock';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { InvalidationService } from '../core/cache/invalidation.service';
import { isUniqueViolation } from '../core/database/pg-errors';
import { TenantDb, TenantTx } from '../core/database/tenant-db';
import { AppException } from '../core/errors/app.exception';
import type { RequestMeta } from '../core/http/request-meta';
import { SecurityEventsService } from '../security-events/security-events.service';
import { DnsVerifier, type TxtCheck } from './dns-verifier';
import { Domain } from './domain.entity';
import { DomainsRepository } from './domains.repository';

export const TXT_RECORD_PREFIX = '_central-tickets';

const txtName = (domain: Domain) => `${TXT_RECORD_PREFIX}.${domain.hostname}`;
const txtValue = (domain: Domain) => `ct-verify=${domain.verificationToken}`;

export function toDomainDto(domain: Domain): DomainDto {
  return {
    id: domain.id,
    hostname: domain.hostname,
    verified: domain.verifiedAt !== null,
    verified_at: domain.verifiedAt?.toISOString() ?? null,
    last_checked_at: domain.lastCheckedAt?.toISOString() ?? null,
    txt_record: { name: txtName(domain), type: 'TXT', value: txtValue(domain) },
    created_at: domain.createdAt.toISOString(),
  };
}

/** Found values quoted in a failed check: DNS answers are anyone's text, so few, short and printable. */
const SHOWN_VALUES = 3;
const SHOWN_CHARS = 60;

function quote(value: string): string {
  // eslint-disable-next-line no-control-regex
  const printable = value.replace(/[\u0000-\u001f\u007f]/g, '?');
  return JSON.stringify(printable.length > SHOWN_CHARS ? `${printable.slice(0, SHOWN_CHARS)}…` : printable);
}

function foundValues(found: readonly string[]): string {
  const shown = found.slice(0, SHOWN_VALUES).map(quote).join(', ');
  const more = found.length - SHOWN_VALUES;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

/** The answer to a check that did not find the record: what was found, and what to do. */
function checkFailed(domain: Domain, check: Exclude<TxtCheck, { outcome: 'verified' }>): AppException {
  const name = txtName(domain);
  const expected = JSON.stringify(txtValue(domain));
  switch (check.outcome) {
    case 'missing':
      return AppException.invalidField(
        'hostname',
        `No TXT record was found at ${name}. Create one with the value ${expected}, then verify again; DNS changes can take a few minutes to show.`,
      );
    case 'mismatch': {
      const found = foundValues(check.found);
      return AppException.invalidField(
        'hostname',
        check.found.length === 1
          ? `The TXT record at ${name} has another value: ${found}. It must be exactly ${expected}: correct it, then verify again.`
          : `The TXT records at ${name} have other values: ${found}. One of them must be exactly ${expected}: add or correct it, then verify again.`,
      );
    }
    case 'unreachable':
      return new AppException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.ServiceUnavailable, 'The DNS lookup failed.', {
        details: `Looking up the TXT record at ${name} failed (${check.reason}). Try again in a few minutes.`,
      });
  }
}

const hostnameTaken = () =>
  AppException.conflict('This domain is already in use.', 'Another tenant has verified this host name.');

/** A tenant's custom domains, and their verification by a DNS TXT record. */
@Injectable()
export class DomainsService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: DomainsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly invalidation: InvalidationService,
    private readonly dns: DnsVerifier,
    private readonly clock: Clock,
    private readonly events: SecurityEventsService,
  ) {}

  list(tenantId: string): Promise<DomainDto[]> {
    return this.db.run(tenantId, async (tx) => (await this.repo.list(tx)).map(toDomainDto));
  }

  listIn(tx: TenantTx): Promise<Domain[]> {
    return this.repo.list(tx);
  }

  async add(tenantId: string, hostname: string): Promise<DomainDto> {
    const platformHost = new URL(this.config.publicBaseUrl).hostname;
    const base = this.config.tenantBaseDomain;
    if (hostname === platformHost || hostname === base || hostname.endsWith(`.${base}`)) {
      throw AppException.invalidField('hostname', `The hostname field must be a domain of your own, not one of the platform's (${base}).`);
    }
    if (await this.repo.isVerifiedAnywhere(hostname)) {
      throw hostnameTaken();
    }
    return this.db.run(tenantId, async (tx) => {
      if (await this.repo.findByHostname(tx, hostname)) {
        throw AppException.conflict('You have already added this domain.');
      }
      const domain = await this.repo.insert(tx, {
        id: randomUUID(),
        hostname,
        verificationToken: randomBytes(16).toString('hex'),
      });
      await this.invalidation.publish(tx.em, { kind: 'tenant', tenantId });
      return toDomainDto(domain);
    });
  }

  async remove(tenantId: string, id: string): Promise<void> {
    const removed = await this.db.run(tenantId, async (tx) => {
      const done = await this.repo.delete(tx, id);
      if (done) await this.invalidation.publish(tx.em, { kind: 'tenant', tenantId });
      return done;
    });
    if (!removed) throw AppException.notFound('No such domain.');
  }

  /**
   * Looks the domain's TXT record up and marks the domain verified when it holds the token.
   * The lookup runs between two short transactions, never inside one: it can take seconds,
   * and the embedded database has a single connection. Every check is stamped
   * `last_checked_at`, so an admin can see a failed one was made.
   */
  async verify(tenantId: string, id: string, meta: RequestMeta): Promise<DomainDto> {
    const domain = await this.db.run(tenantId, (tx) => this.repo.find(tx, id));
    if (!domain) throw AppException.notFound('No such domain.');
    if (domain.verifiedAt) return toDomainDto(domain);
    const check = await this.dns.check(txtName(domain), txtValue(domain));
    const now = this.clock.now();
    if (check.outcome !== 'verified') {
      await this.db.run(tenantId, (tx) => this.repo.markChecked(tx, id, now));
      throw checkFailed(domain, check);
    }
    const verified = await this.markVerified(tenantId, id, now);
    await this.events.record(tenantId, meta, {
      kind: 'domain_verified',
      details: `Verified ${verified.hostname} by its TXT record.`,
    });
    return toDomainDto(verified);
  }

  /** The unique index on verified host names settles a race with another tenant: the first one wins. */
  private async markVerified(tenantId: string, id: string, now: Date): Promise<Domain> {
    try {
      return await this.db.run(tenantId, async (tx) => {
        const domain = await this.repo.markVerified(tx, id, now);
        if (!domain) throw AppException.notFound('No such domain.');
        await this.invalidation.publish(tx.em, { kind: 'tenant', tenantId });
        return domain;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'domains_verified_hostname_key')) throw hostnameTaken();
      throw err;
    }
  }
}
