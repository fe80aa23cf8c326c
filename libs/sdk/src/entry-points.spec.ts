import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/*
 * The two entry points and what each may pull in: the browser entry (`.`) nothing of Node's and
 * nothing of the server's; the server entry only `node:crypto`. Neither imports a package, so
 * the published SDK has no dependencies (and nothing of class-validator or the contracts lib).
 */

const SRC = __dirname;
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;

/** Every file reachable from `entry` by relative imports, and every other specifier seen, with whether the import is type-only. */
function graph(entry: string) {
  const files = new Set<string>();
  const external = new Map<string, boolean>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2];
      const typeOnly = /^\s*(?:import|export)\s+type\s/.test(match[0]);
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else external.set(spec, (external.get(spec) ?? true) && typeOnly);
    }
  };
  visit(join(SRC, entry));
  return { files: [...files].map((f) => relative(SRC, f)).sort(), external };
}

describe('entry points', () => {
  it('@central-tickets/sdk (browser) reaches no Node module, no server code and no package', () => {
    const { files, external } = graph('index.ts');
    expect(files.filter((f) => f.includes('server'))).toEqual([]);
    expect([...external.keys()]).toEqual([]);
  });

  it('@central-tickets/sdk/server reaches node:crypto and nothing else outside the SDK', () => {
    const { files, external } = graph('server.ts');
    expect([...external.keys()]).toEqual(['node:crypto']);
    expect(files).toContain('lib/server/client.ts');
  });

  it('writes relative imports with .js, as Node.js needs them in the published ESM', () => {
    for (const entry of ['index.ts', 'server.ts']) {
      for (const file of graph(entry).files) {
        const source = readFileSync(join(SRC, file), 'utf8');
        for (const match of source.matchAll(IMPORT)) {
          const spec = match[1] ?? match[2];
          if (spec.startsWith('.')) expect(`${file}: ${spec}`).toMatch(/\.js$/);
        }
      }
    }
  });

  it('export what the README documents', async () => {
    const browser = await import('./index');
    const server = await import('./server');
    expect(Object.keys(browser).sort()).toEqual([
      'CentralTicketsError',
      'SignInRequiredError',
      'contactSupport',
      'createSupportForm',
      'isCentralTicketsError',
      'signInWithToken',
      'startSupportSession',
    ]);
    expect(Object.keys(server).sort()).toEqual([
      'CategoriesResource',
      'CentralTickets',
      'CentralTicketsError',
      'LOGIN_TOKEN_MAX_LIFETIME_SECONDS',
      'SDK_VERSION',
      'TenantResource',
      'TicketsResource',
      'exchangeLoginToken',
      'isCentralTicketsError',
      'signLoginToken',
    ]);
    // One error class for both entries.
    expect(server.CentralTicketsError).toBe(browser.CentralTicketsError);
  });

  it('declares the entries in package.json as the build lays them out, free of side effects', () => {
    const pkg = JSON.parse(readFileSync(join(SRC, '../package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      name: '@central-tickets/sdk',
      type: 'module',
      sideEffects: false,
      exports: {
        '.': { types: './index.d.ts', default: './index.js' },
        './server': { types: './server.d.ts', default: './server.js' },
      },
    });
    expect(pkg.dependencies ?? {}).toEqual({});
  });
});
