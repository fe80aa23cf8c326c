import { Inject, Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DomainDto } from '@central-tickets/contracts';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { InvalidationService } from '../core/cache/invalidation.service';
import { TenantDb, TenantTx } from '../core/database/tenant-db';
import { AppException } from '../core/errors/app.exception';
import { Domain } from './domain.entity';
import { DomainsRepository } from './domains.repository';

export const TXT_RECORD_PREFIX = '_central-tickets';

export function toDomainDto(domain: Domain): DomainDto {
  return {
    id: domain.id,
    hostname: domain.hostname,
    verified: domain.verifiedAt !== null,
    verified_at: domain.verifiedAt?.toISOString() ?? null,
    txt_record: {
      name: `${TXT_RECORD_PREFIX}.${domain.hostname}`,
      type: 'TXT',
      value: `ct-verify=${domain.verificationToken}`,
    },
    created_at: domain.createdAt.toISOString(),
  };
}

/** A tenant's custom domains. Verification by DNS lives with the sign-in flows that rely on it. */
@Injectable()
export class DomainsService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: DomainsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly invalidation: InvalidationService,
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
      throw AppException.conflict('This domain is already in use.', 'Another tenant has verified this host name.');
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
}
