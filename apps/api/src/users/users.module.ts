import { Module } from '@nestjs/common';
import { AgentsController } from './agents.controller';
import { UsersRepository } from './users.repository';

@Module({ controllers: [AgentsController], providers: [UsersRepository], exports: [UsersRepository] })
export class UsersModule {}
