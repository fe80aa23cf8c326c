/** Metadata keys of the access decorators. */
export const REQUIRED_SCOPE = 'ct:required-scope';
/** How a route is reached: set by exactly one access decorator on every route. */
export const ACCESS = 'ct:access';
export type Access = 'public' | 'tenant-api' | 'session';
