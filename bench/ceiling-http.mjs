// Baseline: a bare Node http server answering a small JSON body.
import { createServer } from 'node:http';

const body = JSON.stringify({ ok: true, service: 'ceiling-http' });
createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
