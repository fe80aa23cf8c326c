import { Global, Module } from '@nestjs/common';
import { InvalidationService } from './invalidation.service';

@Global()
@Module({ providers: [InvalidationService], exports: [InvalidationService] })
export class CacheModule {}
