import { Global, Injectable, Module } from '@nestjs/common';

/** The one source of "now" for every expiry check, so tests move time instead of sleeping. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
