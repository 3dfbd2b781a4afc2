import { InitialSchema1764000000000 } from './1764000000000-initial-schema';

/** In order; a new migration is added at the end of this list. */
export const MIGRATIONS = [InitialSchema1764000000000];
