import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { Tickets1763800000000 } from './1763800000000-tickets';
import { SignIn1763900000000 } from './1763900000000-sign-in';
import { Invitations1764000000000 } from './1764000000000-invitations';
import { PublicCommentCount1764100000000 } from './1764100000000-public-comment-count';
import { ApiUsage1764200000000 } from './1764200000000-api-usage';

/** Every migration, oldest first. New migrations are appended here. */
export const MIGRATIONS = [
  InitialSchema1763700000000, Tickets1763800000000, SignIn1763900000000, Invitations1764000000000,
  PublicCommentCount1764100000000,
  ApiUsage1764200000000,
];
