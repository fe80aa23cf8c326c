import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { JwtLoginController } from './jwt-login.controller';
import { JwtLoginService } from './jwt-login.service';
import { LoginTokenVerifier } from './login-token.verifier';

@Module({
  imports: [TenantsModule],
  controllers: [JwtLoginController],
  providers: [JwtLoginService, LoginTokenVerifier],
  exports: [LoginTokenVerifier, JwtLoginService],
})
export class JwtLoginModule {}
