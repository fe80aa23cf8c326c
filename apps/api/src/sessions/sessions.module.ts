import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { MeController } from './me.controller';
import { SessionAuthenticator, SessionGuard } from './session.guard';
import { SessionPurgeJob } from './session-purge.job';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { SignInService } from './sign-in.service';

@Module({
  imports: [UsersModule],
  controllers: [MeController],
  providers: [SessionsService, SignInService, SessionsRepository, SessionAuthenticator, SessionGuard, SessionPurgeJob],
  exports: [SessionsService, SignInService, SessionsRepository, SessionAuthenticator, SessionGuard],
})
export class SessionsModule {}
