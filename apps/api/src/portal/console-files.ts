import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Where the console's production build (`nx build admin`) is: `ADMIN_DIST_DIR`, else next to
 * the API's build (`dist/apps/admin/browser` beside `dist/apps/api`), else under the working
 * directory. Null when it has not been built.
 */
export function consoleDirectory(configured: string | undefined): string | null {
  const candidates = [
    configured,
    resolve(__dirname, '../admin/browser'),
    resolve(process.cwd(), 'dist/apps/admin/browser'),
  ].filter((c): c is string => Boolean(c));
  return candidates.find((dir) => existsSync(resolve(dir, 'index.html'))) ?? null;
}

/** Build outputs whose names carry a content hash (`main-TII237H4.js`): cacheable for a year. */
export const HASHED_ASSET = /-[A-Z0-9]{8}\.(?:js|css|mjs)$/;

/** Injection token: the console's build directory, or null. */
export const CONSOLE_DIR = Symbol('CONSOLE_DIR');
