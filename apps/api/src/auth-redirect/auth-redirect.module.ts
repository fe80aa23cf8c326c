import { Module } from '@nestjs/common';
import { JwtLoginModule } from '../jwt-login/jwt-login.module';
import { AuthRedirectController } from './auth-redirect.controller';
import { DomainVerificationGuard, TenantOriginGuard } from './auth-redirect.guards';
import { AuthRedirectService } from './auth-redirect.service';
import { CallbackController } from './callback.controller';
import { TestPagesController } from './test-pages.controller';

@Module({
  imports: [JwtLoginModule],
  controllers: [AuthRedirectController, CallbackController, TestPagesController],
  providers: [AuthRedirectService, TenantOriginGuard, DomainVerificationGuard],
})
export class AuthRedirectModule {}
