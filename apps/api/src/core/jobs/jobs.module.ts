import { type DynamicModule, Module } from '@nestjs/common';
import { JobsLeader } from './jobs-leader';

/** Stands aside always: the operator CLI runs no background jobs and holds no lock. */
class NeverLeads implements Pick<JobsLeader, 'isLeader'> {
  isLeader(): boolean {
    return false;
  }
}

@Module({})
export class JobsModule {
  /** `lead: true` for the server (it competes for the jobs' lock); false for the CLI. */
  static forRoot(options: { lead: boolean }): DynamicModule {
    return {
      module: JobsModule,
      global: true,
      providers: [options.lead ? JobsLeader : { provide: JobsLeader, useClass: NeverLeads }],
      exports: [JobsLeader],
    };
  }
}
