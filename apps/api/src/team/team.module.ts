import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { InvitationAcceptController } from './invitation-accept.controller';
import { InvitationsController } from './invitations.controller';
import { InvitationsRepository } from './invitations.repository';
import { MembersController } from './members.controller';
import { TeamService } from './team.service';

/** Agents and admins: roles, deactivation, invitations. */
@Module({
  imports: [UsersModule, SessionsModule],
  controllers: [MembersController, InvitationsController, InvitationAcceptController],
  providers: [TeamService, InvitationsRepository],
})
export class TeamModule {}
