#!/usr/bin/env node
/*
 * Checks the built package (nx run sdk:check-package, after nx build sdk) as a consumer would
 * meet it:
 *  - every path package.json names exists;
 *  - the JS imports nothing but its own files and, from the server entry only, node:crypto
 *    (no class-validator, no @central-tickets/contracts, no tslib);
 *  - both entries load in Node.js as ESM, and a login token they sign verifies with jsonwebtoken;
 *  - the typings resolve for TypeScript consumers with moduleResolution nodenext, bundler and node10;
 *  - `npm pack --dry-run` lists what would be published, and its size.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.argv[2] ?? 'dist/libs/sdk');
const require = createRequire(import.meta.url);
const failures = [];
const check = (ok, message) => {
  if (!ok) failures.push(message);
};

const pkg = JSON.parse(readFileSync(join(dist, 'package.json'), 'utf8'));

// 1. Paths in package.json.
const paths = [pkg.main, pkg.module, pkg.types];
for (const entry of Object.values(pkg.exports)) {
  if (typeof entry === 'string') paths.push(entry);
  else paths.push(...Object.values(entry));
}
for (const p of paths) check(existsSync(join(dist, p)), `package.json names ${p}, which the build did not produce`);
check(pkg.sideEffects === false, 'package.json must say sideEffects: false');
check(!pkg.dependencies || Object.keys(pkg.dependencies).length === 0, `the package must have no dependencies (has ${JSON.stringify(pkg.dependencies)})`);

// 2. What the JS imports.
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else files.push(path);
  }
};
walk(dist);
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|[\s;])import\s*\(?\s*['"]([^'"]+)['"]/gm;
const importsOf = (file) => [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
for (const file of files.filter((f) => f.endsWith('.js') || f.endsWith('.d.ts'))) {
  const source = readFileSync(file, 'utf8');
  for (const banned of ['class-validator', '@central-tickets/contracts', 'tslib', 'reflect-metadata']) {
    check(!source.includes(banned), `${relative(dist, file)} mentions ${banned}`);
  }
  for (const spec of importsOf(file)) {
    check(spec.startsWith('./') || spec.startsWith('../') || spec === 'node:crypto', `${relative(dist, file)} imports ${spec}`);
    if (spec.startsWith('.') && file.endsWith('.js')) check(spec.endsWith('.js'), `${relative(dist, file)} imports ${spec} without .js (Node ESM needs it)`);
  }
}
const reachable = (entry) => {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of importsOf(file)) if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
  };
  visit(join(dist, entry));
  return seen;
};
for (const file of reachable('index.js')) {
  check(!importsOf(file).some((s) => s.startsWith('node:')), `the browser entry reaches ${relative(dist, file)}, which imports a Node module`);
  check(!relative(dist, file).includes('server'), `the browser entry reaches server code: ${relative(dist, file)}`);
}

// 3. Load both entries as a Node.js consumer would, and sign a token that jsonwebtoken verifies.
const browser = await import(pathToFileURL(join(dist, 'index.js')).href);
const server = await import(pathToFileURL(join(dist, 'server.js')).href);
check(typeof browser.contactSupport === 'function' && typeof browser.startSupportSession === 'function', 'the browser entry lacks its functions');
check(typeof server.signLoginToken === 'function' && typeof server.CentralTickets === 'function', 'the server entry lacks its functions');
check(server.CentralTicketsError === browser.CentralTicketsError, 'the two entries must share one CentralTicketsError');
check(server.SDK_VERSION === pkg.version, `SDK_VERSION ${server.SDK_VERSION} is not the package version ${pkg.version}`);
const jwt = require('jsonwebtoken');
const token = server.signLoginToken({ email: 'a@b.example', name: 'A', secret: 'secret', kid: 'k1' });
try {
  const claims = jwt.verify(token, 'secret', { algorithms: ['HS256'] });
  check(claims.email === 'a@b.example' && claims.exp - claims.iat <= 120, 'the built signLoginToken signs the wrong claims');
} catch (err) {
  check(false, `jsonwebtoken refuses the built signLoginToken's token: ${err.message}`);
}

// 4. Typings, through node_modules as an installed package, in three resolution modes.
const ts = require('typescript');
const consumer = mkdtempSync(join(tmpdir(), 'ct-sdk-consumer-'));
try {
  mkdirSync(join(consumer, 'node_modules', '@central-tickets'), { recursive: true });
  symlinkSync(dist, join(consumer, 'node_modules', '@central-tickets', 'sdk'), 'dir');
  const source = `
import { contactSupport, startSupportSession, CentralTicketsError, type SupportUser } from '@central-tickets/sdk';
import { CentralTickets, signLoginToken, type Ticket, type ListTicketsFilters } from '@central-tickets/sdk/server';
const user: SupportUser = { email: 'a@b.example', name: 'A' };
contactSupport({ baseUrl: 'https://t.example', tenant: 'acme', user });
void startSupportSession({ baseUrl: 'https://t.example', tenant: 'acme', user, newTab: false });
const client = new CentralTickets({ baseUrl: 'https://t.example', apiToken: 'ct_x' });
const filters: ListTicketsFilters = { status: ['open'], limit: 10 };
export async function f(): Promise<Ticket[]> {
  const out: Ticket[] = [];
  for await (const t of client.tickets.listAll(filters)) out.push(t);
  return out;
}
export const token: string = signLoginToken({ email: 'a@b.example', name: 'A', secret: 's' });
export const isError = (e: unknown) => e instanceof CentralTicketsError && e.status === 429;
`;
  const file = join(consumer, 'consumer.ts');
  writeFileSync(file, source);
  // A Node.js server without the DOM library: the server entry's typings need only @types/node.
  const serverFile = join(consumer, 'server-consumer.ts');
  writeFileSync(
    serverFile,
    `import { CentralTickets, exchangeLoginToken, signLoginToken } from '@central-tickets/sdk/server';
export const client = new CentralTickets({ baseUrl: 'https://t.example', apiToken: 'ct_x', fetch });
export const link = exchangeLoginToken({ baseUrl: 'https://t.example', tenant: 'acme', token: signLoginToken({ email: 'a@b.example', name: 'A', secret: 's' }) });
`,
  );
  const modes = {
    nodenext: { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext },
    bundler: { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler },
    node10: { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 },
  };
  const runs = [
    ...Object.entries(modes).map(([mode, options]) => ({ mode, options, root: file, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [] })),
    { mode: 'nodenext, Node.js types, no DOM', options: modes.nodenext, root: serverFile, lib: ['lib.es2022.d.ts'], types: ['node'] },
  ];
  for (const { mode, options, root, lib, types } of runs) {
    const program = ts.createProgram([root], {
      ...options,
      target: ts.ScriptTarget.ES2022,
      lib,
      types,
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      preserveSymlinks: true,
      typeRoots: [dirname(dirname(require.resolve('@types/node/package.json')))],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => !d.file || !d.file.fileName.includes('/node_modules/@types/'));
    for (const d of diagnostics) {
      check(false, `typings with moduleResolution ${mode}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}${d.file ? ` (${relative(consumer, d.file.fileName)})` : ''}`);
    }
  }
} finally {
  rmSync(consumer, { recursive: true, force: true });
}

// 5. What npm would publish.
const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dist, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))[0];
check(packed.files.some((f) => f.path === 'README.md'), 'the package has no README.md');
check(!packed.files.some((f) => /\.spec\.|testing\//.test(f.path)), 'the package contains tests');

if (failures.length) {
  console.error(`@central-tickets/sdk package check failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
const js = files.filter((f) => f.endsWith('.js'));
const bytes = (list) => list.reduce((sum, f) => sum + statSync(f).size, 0);
console.log(
  `${pkg.name}@${pkg.version}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(1)} kB packed, ${(packed.unpackedSize / 1024).toFixed(1)} kB unpacked ` +
    `(JS ${(bytes(js) / 1024).toFixed(1)} kB: browser entry ${(bytes([...reachable('index.js')]) / 1024).toFixed(1)} kB, server entry ${(bytes([...reachable('server.js')]) / 1024).toFixed(1)} kB, unminified). OK.`,
);
