import { Module } from '@nestjs/common';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { DnsVerifier } from './dns-verifier';
import { DomainsController } from './domains.controller';
import { DomainsRepository } from './domains.repository';
import { DomainsService } from './domains.service';
import { TlsAskController } from './tls-ask.controller';

@Module({
  controllers: [DomainsController, TlsAskController],
  providers: [
    DomainsService,
    DomainsRepository,
    { provide: DnsVerifier, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new DnsVerifier(config.dnsServers) },
  ],
  exports: [DomainsService],
})
export class DomainsModule {}
