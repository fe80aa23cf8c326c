import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PasswordHasher } from './password-hasher';
import { SecretBox } from './secret-box';

/** The box for secrets stored encrypted (tenant JWT secrets). */
export const SECRETS_AT_REST = Symbol('SECRETS_AT_REST');

@Global()
@Module({
  providers: [
    PasswordHasher,
    {
      provide: SECRETS_AT_REST,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new SecretBox(config.appKey, 'secrets-at-rest'),
    },
  ],
  exports: [PasswordHasher, SECRETS_AT_REST],
})
export class CryptoModule {}
