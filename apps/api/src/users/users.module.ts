import { Module } from '@nestjs/common';
import { AgentsController, PortalAgentsController } from './agents.controller';
import { UsersRepository } from './users.repository';

@Module({ controllers: [AgentsController, PortalAgentsController], providers: [UsersRepository], exports: [UsersRepository] })
export class UsersModule {}
