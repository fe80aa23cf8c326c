import { Global, Module } from '@nestjs/common';
import { ApiTokensModule } from '../../api-tokens/api-tokens.module';
import { SessionsModule } from '../../sessions/sessions.module';
import { ApiTokenGuard } from './api-token.guard';

/** Makes the credential guards usable by every feature module. */
@Global()
@Module({
  imports: [ApiTokensModule, SessionsModule],
  providers: [ApiTokenGuard],
  exports: [ApiTokenGuard, ApiTokensModule, SessionsModule],
})
export class AuthModule {}
