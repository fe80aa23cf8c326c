import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { join } from 'node:path';
import { freePort, type RunningServer, startServer } from './server';

/*
 * https as production serves it, for the browser suites that need it (the widget's panel keeps a
 * session only with a `Secure; SameSite=None; Partitioned` cookie): a self-signed certificate for
 * localhost, *.localhost and 127.0.0.1 (the browser contexts are told to accept it), and a TLS
 * proxy in front of the API (Caddy in production).
 */

export interface Certificate {
  key: Buffer;
  cert: Buffer;
  /** The PEM files, for programs that take paths. */
  keyFile: string;
  certFile: string;
}

/** A certificate for `localhost`, `*.localhost` and `127.0.0.1`, valid one day, made with openssl in `dir`. */
export function selfSignedCertificate(dir: string): Certificate {
  const keyFile = join(dir, 'tls.key');
  const certFile = join(dir, 'tls.crt');
  const res = spawnSync(
    'openssl',
    [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,DNS:*.localhost,IP:127.0.0.1',
      '-keyout', keyFile, '-out', certFile,
    ],
    { encoding: 'utf8' },
  );
  if (res.status !== 0) throw new Error(`openssl failed: ${res.stderr}`);
  return { key: readFileSync(keyFile), cert: readFileSync(certFile), keyFile, certFile };
}

/** An https server on 127.0.0.1:`port` that passes every request on to `upstreamPort()` over http, as it came. */
export async function startTlsProxy(cert: Certificate, port: number, upstreamPort: () => number): Promise<Server> {
  const proxy = createHttpsServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    const upstream = httpRequest({ host: '127.0.0.1', port: upstreamPort(), method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((ok) => proxy.listen(port, '127.0.0.1', ok));
  return proxy;
}

export interface SecureServer {
  /** The API itself (plain http on `server.url`: tests may call it directly, with a portal's `Host`). */
  server: RunningServer;
  proxy: Server;
  cert: Certificate;
  /** `https://localhost:{proxy port}`: PUBLIC_BASE_URL; portals are `https://{slug}.localhost:{proxy port}`. */
  publicUrl: string;
  stop: () => Promise<void>;
}

/**
 * The production build behind the TLS proxy: `PUBLIC_BASE_URL` is the proxy's https address, so
 * the portals are https and the session cookies `__Host-`, `Secure` (and `Partitioned` in the
 * widget's panel). The certificate is written to `dataDir`.
 */
export async function startSecureServer(opts: { dataDir: string; env?: Record<string, string> }): Promise<SecureServer> {
  const cert = selfSignedCertificate(opts.dataDir);
  const port = await freePort();
  const publicUrl = `https://localhost:${port}`;
  const server = await startServer({ dataDir: opts.dataDir, env: { SEED_DEMO: 'false', PUBLIC_BASE_URL: publicUrl, ...opts.env } });
  const proxy = await startTlsProxy(cert, port, () => server.port);
  return {
    server,
    proxy,
    cert,
    publicUrl,
    stop: async () => {
      await new Promise((ok) => {
        proxy.close(ok);
        proxy.closeAllConnections();
      });
      await server.stop();
    },
  };
}
