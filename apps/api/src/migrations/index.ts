import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { Tickets1763800000000 } from './1763800000000-tickets';

/** Every migration, oldest first. New migrations are appended here. */
export const MIGRATIONS = [InitialSchema1763700000000, Tickets1763800000000];
